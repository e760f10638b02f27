import { useEffect, useState } from 'preact/hooks';
import type { Feedback } from '@/lib/db/database';
import type { RecordHistory } from '@/lib/records';
import { panelData, type PanelData } from './lazy';

/**
 * The rep's corrections, votes and shares for this record, and every vote of theirs (for the
 * adjustments). Live: a vote or share written anywhere shows at once, here and in other panels.
 * Kept with the record it belongs to, so nothing of one record shows on the next.
 */
export function useRecordHistory(recordKey: string): { history: RecordHistory | null; votes: Feedback[]; topShared: string[] } {
  const [history, setHistory] = useState<RecordHistory | null>(null);
  const [votes, setVotes] = useState<Feedback[]>([]);
  const [topShared, setTopShared] = useState<string[]>([]);
  useEffect(
    () => live(({ db, liveQuery, loadHistory }) => [liveQuery(() => loadHistory(db(), recordKey)).subscribe((found) => setHistory(found))]),
    [recordKey],
  );
  useEffect(
    () =>
      live(({ db, liveQuery, allVotes, mostShared }) => [
        liveQuery(() => allVotes(db())).subscribe(setVotes),
        liveQuery(() => mostShared(db())).subscribe(setTopShared),
      ]),
    [],
  );
  return { history: history?.recordKey === recordKey ? history : null, votes, topShared };
}

/** Subscribes once the data layer has loaded; the returned cleanup also covers an unmount before that. */
function live(subscribe: (data: PanelData) => { unsubscribe(): void }[]): () => void {
  let subscriptions: { unsubscribe(): void }[] | undefined;
  let ended = false;
  void panelData().then((data) => {
    if (!ended) subscriptions = subscribe(data);
  });
  return () => {
    ended = true;
    for (const subscription of subscriptions ?? []) subscription.unsubscribe();
  };
}
