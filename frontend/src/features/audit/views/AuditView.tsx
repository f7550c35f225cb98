import { Trans } from '@lingui/react/macro';

import { FeaturePlaceholder } from '../../../shared/ui/FeaturePlaceholder';

export function AuditView() {
  return <FeaturePlaceholder title={<Trans>Auditoria</Trans>} />;
}
