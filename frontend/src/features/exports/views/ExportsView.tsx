import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function ExportsView() {
  return <FeaturePlaceholder title={<Trans>Exportações</Trans>} />;
}
