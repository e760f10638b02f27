import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { db, type Feedback } from '@/lib/db/database';
import { allVotes, loadHistory, mostShared, type RecordHistory } from '@/lib/records';

/**
 * The rep's corrections, votes and shares for this record, and every vote of theirs (for the
 * adjustments). Live: a vote or share written anywhere shows at once, here and in other panels.
 * Kept with the record it belongs to, so nothing of one record shows on the next.
 */
export function useRecordHistory(recordKey: string): { history: RecordHistory | null; votes: Feedback[]; topShared: string[] } {
  const [history, setHistory] = useState<RecordHistory | null>(null);
  const [votes, setVotes] = useState<Feedback[]>([]);
  const [topShared, setTopShared] = useState<string[]>([]);
  useEffect(() => {
    const subscription = liveQuery(() => loadHistory(db(), recordKey)).subscribe((found) => setHistory(found));
    return () => subscription.unsubscribe();
  }, [recordKey]);
  useEffect(() => {
    const votesSub = liveQuery(() => allVotes(db())).subscribe(setVotes);
    const sharedSub = liveQuery(() => mostShared(db())).subscribe(setTopShared);
    return () => {
      votesSub.unsubscribe();
      sharedSub.unsubscribe();
    };
  }, []);
  return { history: history?.recordKey === recordKey ? history : null, votes, topShared };
}
