package dev.girard.imports;

/**
 * The keys seen so far in one file and the line each was first seen on, kept as 64-bit hashes in an open
 * addressing table (17 bytes a slot), so a million external ids take megabytes rather than the hundred or
 * more a map of strings would. Two different ids share a hash with a probability of about n²/2⁶⁵ (3 in
 * 100 million for a million ids); that would report a repeat that is none, never hide one.
 */
final class SeenKeys {
    private long[] hashes = new long[1 << 12];
    private long[] lines = new long[1 << 12];
    private boolean[] used = new boolean[1 << 12];
    private int size;

    /** Remembers the key at this line; returns the line it was seen on before, or 0 if it is new. */
    long putIfAbsent(String key, long line) {
        if (size * 2 >= hashes.length) {
            grow();
        }
        long hash = hash(key);
        int mask = hashes.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (!used[i]) {
                used[i] = true;
                hashes[i] = hash;
                lines[i] = line;
                size++;
                return 0;
            }
            if (hashes[i] == hash) {
                return lines[i];
            }
        }
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldLines = lines;
        boolean[] oldUsed = used;
        hashes = new long[oldHashes.length * 2];
        lines = new long[oldHashes.length * 2];
        used = new boolean[oldHashes.length * 2];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (!oldUsed[j]) {
                continue;
            }
            int i = (int) oldHashes[j] & mask;
            while (used[i]) {
                i = (i + 1) & mask;
            }
            used[i] = true;
            hashes[i] = oldHashes[j];
            lines[i] = oldLines[j];
        }
    }

    /** FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser to spread the bits. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
