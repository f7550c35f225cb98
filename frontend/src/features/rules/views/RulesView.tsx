import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function RulesView() {
  return <FeaturePlaceholder title={<Trans>Regras</Trans>} />;
}
