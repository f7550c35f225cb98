import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function IntegrationsView() {
  return <FeaturePlaceholder title={<Trans>Integrações</Trans>} />;
}
