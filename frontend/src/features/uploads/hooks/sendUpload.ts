import { print } from 'graphql';

import { getSession, refreshSession } from '../../../app/session';
import { useFragment as unmask, type FragmentType } from '../../../gql';
import type { UploadsFileFieldsFragment } from '../../../gql/graphql';
import { UploadsFileFieldsFragment as FileFields, UploadsUploadFileMutation } from '../api/uploads';

export type SendResult =
  | { ok: true; file: UploadsFileFieldsFragment; duplicate: boolean }
  | { ok: false; code: string };

export type Sender = (file: File, onProgress: (sentBytes: number) => void) => Promise<SendResult>;

const QUERY = print(UploadsUploadFileMutation);

interface Answer {
  data?: {
    uploadFile?: {
      __typename: string;
      duplicate?: boolean;
      file?: FragmentType<typeof FileFields>;
      code?: string;
    };
  };
  errors?: { extensions?: { code?: string } }[];
}

/**
 * The `uploadFile` mutation as a GraphQL multipart request (operations + map + the part),
 * sent with XMLHttpRequest because fetch reports no upload progress. Same typed answer as
 * every other mutation (the union of success and UserErrors from codegen), same bearer.
 */
export const sendUpload: Sender = async (file, onProgress) => {
  let session = getSession();
  if (!session || session.expiresAt - Date.now() < 30_000) session = await refreshSession();
  if (!session) return { ok: false, code: 'UNAUTHENTICATED' };
  const token = session.accessToken;

  const form = new FormData();
  form.append('operations', JSON.stringify({ query: QUERY, operationName: 'UploadsUploadFile', variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', file, file.name);

  return new Promise<SendResult>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/graphql');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onerror = () => resolve({ ok: false, code: 'NETWORK' });
    xhr.onabort = () => resolve({ ok: false, code: 'NETWORK' });
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as Answer;
      if (xhr.status === 413) return resolve({ ok: false, code: 'FILE_TOO_LARGE' });
      if (xhr.status === 429) return resolve({ ok: false, code: 'RATE_LIMITED' });
      const answer = body.data?.uploadFile;
      if (answer?.__typename === 'UploadFileSuccess' && answer.file) {
        onProgress(file.size);
        return resolve({ ok: true, file: unmask(FileFields, answer.file), duplicate: !!answer.duplicate });
      }
      const code = answer?.code ?? body.errors?.[0]?.extensions?.code ?? (xhr.status >= 500 ? 'INTERNAL_ERROR' : 'NETWORK');
      resolve({ ok: false, code });
    };
    xhr.send(form);
  });
};
