// Everything the app keeps on the phone, in IndexedDB: the outbox ("reports"), photo blobs
// ("blobs") and small values ("meta": session, options, the form in progress, cursors).
const DB_NAME = "sambang-lapangan";
const DB_VERSION = 1;

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function openStore(name = DB_NAME) {
  const open = indexedDB.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("reports")) db.createObjectStore("reports", { keyPath: "id" });
    if (!db.objectStoreNames.contains("blobs")) db.createObjectStore("blobs", { keyPath: "id" });
    if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
  };
  const db = await promisify(open);

  function tx(storeName, mode, fn) {
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const store = transaction.objectStore(storeName);
      let result;
      Promise.resolve(fn(store)).then((value) => { result = value; });
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error || new Error("aborted"));
    });
  }

  return {
    db,
    all: () => tx("reports", "readonly", (s) => promisify(s.getAll())),
    get: (id) => tx("reports", "readonly", (s) => promisify(s.get(id))),
    put: (item) => tx("reports", "readwrite", (s) => { s.put(item); }),
    remove: (id) => tx("reports", "readwrite", (s) => { s.delete(id); }),
    getBlob: async (id) => {
      const row = await tx("blobs", "readonly", (s) => promisify(s.get(id)));
      return row ? row.blob : null;
    },
    putBlob: (id, blob) => tx("blobs", "readwrite", (s) => { s.put({ id, blob }); }),
    removeBlob: (id) => tx("blobs", "readwrite", (s) => { s.delete(id); }),
    getMeta: async (key) => {
      const row = await tx("meta", "readonly", (s) => promisify(s.get(key)));
      return row ? row.value : null;
    },
    setMeta: (key, value) => tx("meta", "readwrite", (s) => { s.put({ key, value }); }),
    deleteMeta: (key) => tx("meta", "readwrite", (s) => { s.delete(key); }),
    // Sign-out: every report, photo and setting on this phone.
    async wipe() {
      db.close();
      await new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        request.onblocked = () => resolve();
      });
    },
  };
}
