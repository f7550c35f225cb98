import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function ReviewView() {
  return <FeaturePlaceholder title={<Trans>Revisão</Trans>} />;
}
