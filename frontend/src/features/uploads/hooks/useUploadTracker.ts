import { useSyncExternalStore } from 'react';
import { useClient } from 'urql';

import { mantineUploadNotifier } from './uploadNotifier';
import { trackerFor, type TrackedUpload, type UploadTracker } from './uploadTracker';

/** The session's upload tracker (one per API client) and its rows. */
export function useUploadTracker(): [UploadTracker, readonly TrackedUpload[]] {
  const client = useClient();
  const tracker = trackerFor(client, mantineUploadNotifier);
  const rows = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot, tracker.getSnapshot);
  return [tracker, rows];
}
