import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function ReportsView() {
  return <FeaturePlaceholder title={<Trans>Relatórios</Trans>} />;
}
