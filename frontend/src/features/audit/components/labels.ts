import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { ActorType } from '../../../gql/graphql';

export const ACTOR_LABELS: Record<ActorType, MessageDescriptor> = {
  USER: msg`Pessoa`,
  API_CLIENT: msg`Cliente de API`,
  SYSTEM: msg`Sistema`,
  RULE: msg`Regra`,
  SUPPORT: msg`Suporte da plataforma`,
};
