import { Trans } from '@lingui/react/macro';
import { Button } from '@mantine/core';
import { Link } from 'react-router';

import { ListEmpty } from '../../../shared/ui/states';
import { uploadsPaths } from '../../uploads/routes';

/** First use: nothing to add up yet; the next step is the upload. */
export function DashboardEmpty() {
  return (
    <ListEmpty
      title={<Trans>Seu painel aparece quando houver dados</Trans>}
      action={<Button component={Link} to={uploadsPaths.index()}><Trans>Enviar os primeiros arquivos</Trans></Button>}
    >
      <Trans>Envie os XML ou PDFs das notas fiscais e o extrato bancário (OFX, CNAB ou CSV): conciliamos sozinhos e mostramos aqui quanto já bateu, o que espera revisão e o que está em aberto.</Trans>
    </ListEmpty>
  );
}
