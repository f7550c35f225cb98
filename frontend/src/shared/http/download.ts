import { getSession, refreshSession } from '../../app/session';

export type DownloadOutcome = 'ok' | 'not-found' | 'not-ready' | 'expired' | 'denied' | 'failed';

/** The file name a Content-Disposition header gives (RFC 5987 `filename*` first). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

export function outcomeOf(status: number): DownloadOutcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 404) return 'not-found';
  if (status === 409) return 'not-ready';
  if (status === 410) return 'expired';
  if (status === 401 || status === 403) return 'denied';
  return 'failed';
}

async function get(url: string): Promise<Response> {
  const session = getSession();
  return fetch(url, { headers: session ? { Authorization: `Bearer ${session.accessToken}` } : {} });
}

/**
 * GET a protected file with the bearer token (a link cannot carry it) and hand it to the
 * browser as a download. One refresh and retry when the token has just expired.
 */
export async function downloadWithToken(url: string, fallbackName: string): Promise<DownloadOutcome> {
  let response: Response;
  try {
    response = await get(url);
    if (response.status === 401 && (await refreshSession())) response = await get(url);
  } catch {
    return 'failed';
  }
  const outcome = outcomeOf(response.status);
  if (outcome !== 'ok') return outcome;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return 'ok';
}
