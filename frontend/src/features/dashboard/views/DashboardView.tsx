import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function DashboardView() {
  return <FeaturePlaceholder title={<Trans>Painel</Trans>} />;
}
