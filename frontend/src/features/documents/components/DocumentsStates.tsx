import { Trans } from '@lingui/react/macro';
import { Button } from '@mantine/core';
import { Link } from 'react-router';

import { ListEmpty } from '../../../shared/ui/states';
import { uploadsPaths } from '../../uploads/routes';

export { ListError as DocumentsError, ListLoading as DocumentsLoading, ListNoResults as DocumentsNoResults } from '../../../shared/ui/states';

/** First use: no document at all yet, and how to get some. */
export function DocumentsEmpty() {
  return (
    <ListEmpty
      title={<Trans>Nenhum documento ainda</Trans>}
      action={<Button component={Link} to={uploadsPaths.index()}><Trans>Enviar arquivos</Trans></Button>}
    >
      <Trans>Envie XML de NF-e, NFC-e, NFS-e ou CT-e, ou PDFs de DANFE, e eles aparecem aqui.</Trans>
    </ListEmpty>
  );
}
