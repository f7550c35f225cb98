import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function PeopleView() {
  return <FeaturePlaceholder title={<Trans>Pessoas</Trans>} />;
}
