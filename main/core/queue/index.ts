export { QueueService, type QueueServiceDeps, type OpenedKey, type StartBatchInput, type BatchSecret } from './queue-service';
export { BatchRunner, FATAL_BATCH_ERRORS } from './batch-runner';
export { BatchJournal, type JournalItem } from './batch-journal';
export { HistoryStore, type HistoryQuery, type NewHistoryEntry } from './history-store';
export { DocumentStore } from './document-store';
export { InboxWatcher, type InboxWatcherOptions } from './inbox-watcher';
export { historyCsv } from './history-csv';
export { batchTempPath } from './output-writer';
export { queueHandlers } from './queue-handlers';
