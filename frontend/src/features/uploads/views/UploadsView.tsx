import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function UploadsView() {
  return <FeaturePlaceholder title={<Trans>Arquivos e envio</Trans>} />;
}
