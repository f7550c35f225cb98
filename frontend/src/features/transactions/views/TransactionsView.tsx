import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function TransactionsView() {
  return <FeaturePlaceholder title={<Trans>Transações</Trans>} />;
}
