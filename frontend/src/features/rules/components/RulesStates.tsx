import { Trans } from '@lingui/react/macro';
import { Button } from '@mantine/core';
import { Link } from 'react-router';

import { Forbidden } from '../../../shared/ui/Forbidden';
import { ListEmpty } from '../../../shared/ui/states';
import { rulesPaths } from '../routes';

export function RulesEmpty({ canEdit }: { canEdit: boolean }) {
  return (
    <ListEmpty
      title={<Trans>Nenhuma regra ainda</Trans>}
      action={canEdit ? <Button component={Link} to={rulesPaths.create()}><Trans>Criar a primeira regra</Trans></Button> : undefined}
    >
      {canEdit ? (
        <Trans>Regras ignoram tarifas, classificam lançamentos ou conciliam clientes que retêm impostos. Você vê a prévia do efeito antes de salvar.</Trans>
      ) : (
        <Trans>Administradores e gestores criam regras; quando existirem, aparecem aqui.</Trans>
      )}
    </ListEmpty>
  );
}

export function RulesForbidden() {
  return (
    <Forbidden title={<Trans>Sem permissão para editar regras</Trans>}>
      <Trans>Seu papel pode ver as regras, mas só administradores e gestores as criam, alteram ou excluem. Peça a um deles.</Trans>
    </Forbidden>
  );
}
