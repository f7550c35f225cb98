import { Trans } from '@lingui/react/macro';
import { Button } from '@mantine/core';
import { Link } from 'react-router';

import { ListEmpty } from '../../../shared/ui/states';
import { uploadsPaths } from '../../uploads/routes';

export { ListError as TransactionsError, ListLoading as TransactionsLoading, ListNoResults as TransactionsNoResults } from '../../../shared/ui/states';

/** First use: no bank line yet, and how to get some. */
export function TransactionsEmpty() {
  return (
    <ListEmpty
      title={<Trans>Nenhuma transação ainda</Trans>}
      action={<Button component={Link} to={uploadsPaths.index()}><Trans>Enviar extratos</Trans></Button>}
    >
      <Trans>Envie extratos OFX, CNAB ou CSV do banco e os lançamentos aparecem aqui.</Trans>
    </ListEmpty>
  );
}
