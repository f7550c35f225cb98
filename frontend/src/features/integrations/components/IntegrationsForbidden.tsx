import { Trans } from '@lingui/react/macro';

import { Forbidden } from '../../../shared/ui/Forbidden';

export function IntegrationsForbidden() {
  return (
    <Forbidden title={<Trans>Integrações são só para administradores</Trans>}>
      <Trans>Clientes de API e webhooks dão acesso aos dados da organização fora do aplicativo, por isso só administradores os veem e gerenciam. Peça a um administrador da organização.</Trans>
    </Forbidden>
  );
}
