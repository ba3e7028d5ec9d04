// A RocksDB file system for tests that can lose power. It passes every call to the
// real file system and remembers, for each file it saw change, what a disk would
// still hold after a power cut: the bytes up to the file's last Sync or Fsync, and
// its name only once its directory was fsynced after the file was created, renamed
// or deleted. power_off() (or an operation count armed with power_off_after) makes
// every later write, sync and change of a name fail with an IOError, as a machine
// without power would stop them; restore_power() then leaves on disk only what
// survives: each file cut to its synced size plus, at random, a prefix of its
// unsynced bytes (a torn write); files created since their directory's last fsync
// removed; names deleted, renamed away or renamed over since then put back with their
// synced bytes (the rename or delete did not happen). It can also fail the next
// write or sync of chosen files on demand. Thread-safe: RocksDB calls it from its
// background threads too.
//
// What it does not model: RangeSync (sync_file_range) is counted but makes nothing
// durable, since it does not persist the file's size; directories themselves are
// durable once created; unsynced bytes are lost as a suffix (never zeros in place
// of data, never out of order); random-access read-write files, links and file
// recycling are refused (NotSupported), which RocksDB as seatd configures it never
// asks for.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

namespace seat::testing {

// What an injected failure hits: appends and truncations, or syncs (of files and
// directories).
enum class FsOp { write, sync };

struct PowerLossStats {
    std::uint64_t operations = 0;  // writes, syncs and name changes admitted
    std::uint64_t syncs = 0;       // Sync / Fsync of files that succeeded
    std::uint64_t dir_syncs = 0;
    std::uint64_t range_syncs = 0;  // counted, not durable
    std::uint64_t failures_injected = 0;
    std::uint64_t refused_without_power = 0;
    // Totals over every restore_power():
    std::uint64_t power_cuts = 0;
    std::uint64_t bytes_dropped = 0;   // unsynced bytes that did not survive
    std::uint64_t files_torn = 0;      // kept a prefix of their unsynced bytes
    std::uint64_t files_removed = 0;   // created without a directory sync after
    std::uint64_t names_restored = 0;  // deleted or renamed without a directory sync after
};

class PowerLossFs : public rocksdb::FileSystemWrapper {
  public:
    explicit PowerLossFs(
        std::shared_ptr<rocksdb::FileSystem> base = rocksdb::FileSystem::Default());
    ~PowerLossFs() override;

    static const char* kClassName() { return "PowerLossFs"; }
    const char* Name() const override { return kClassName(); }

    // An Env whose files go through `fs`, for storage::LogOptions::env.
    static std::shared_ptr<rocksdb::Env> make_env(const std::shared_ptr<PowerLossFs>& fs);

    // The next `operations` writes, syncs and name changes succeed; then the power
    // is off. Replaces any earlier count.
    void power_off_after(std::uint64_t operations);
    // Forgets the count of power_off_after, if the power is still on.
    void keep_power_on();
    void power_off();
    bool powered() const;
    // To be called with the store closed: leaves on disk what a power cut would
    // (see the top of this file), chosen by `seed`, and turns the power back on with
    // nothing tracked (everything on disk now counts as durable) and no faults armed.
    // keep_unsynced = false drops every unsynced byte instead of a random prefix.
    void restore_power(std::uint64_t seed, bool keep_unsynced = true);

    // The next `count` operations of kind `op` on files whose path ends with
    // `path_suffix` (any file when empty) fail with IOError "injected ... failure".
    void fail_next(FsOp op, std::string path_suffix = {}, int count = 1);

    PowerLossStats stats() const;

    // ---- rocksdb::FileSystem
    rocksdb::IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus ReopenWritableFile(const std::string& path,
                                         const rocksdb::FileOptions& options,
                                         std::unique_ptr<rocksdb::FSWritableFile>* result,
                                         rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus ReuseWritableFile(const std::string& path, const std::string& old_path,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSWritableFile>* result,
                                        rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus NewRandomRWFile(const std::string& path, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSRandomRWFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus NewDirectory(const std::string& path, const rocksdb::IOOptions& options,
                                   std::unique_ptr<rocksdb::FSDirectory>* result,
                                   rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus DeleteFile(const std::string& path, const rocksdb::IOOptions& options,
                                 rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus Truncate(const std::string& path, size_t size,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                                 const rocksdb::IOOptions& options,
                                 rocksdb::IODebugContext* dbg) override;
    rocksdb::IOStatus LinkFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;

  private:
    friend class LossyWritableFile;
    friend class LossyDirectory;

    // What the disk holds of one file (shared with its open writer, so a rename
    // while it is open moves the same record).
    struct FileState {
        std::uint64_t size = 0;    // bytes written
        std::uint64_t synced = 0;  // bytes a power cut keeps
        bool name_durable = false;
    };
    struct Fault {
        FsOp op;
        std::string suffix;
        int count;
    };

    // Counts an operation, or refuses it (no power, an injected fault). mu_ held.
    rocksdb::IOStatus admit(FsOp op, const std::string& path);
    // The file's record, adopting a file not seen before as wholly durable. mu_ held.
    std::shared_ptr<FileState> state_of(const std::string& path);
    // Before a durable name goes away without a directory sync: keep its synced
    // bytes so a power cut can put it back. mu_ held.
    void remember_lost_name(const std::string& path);
    // Every name in `dir` is durable now. mu_ held.
    void directory_synced(const std::string& dir);

    mutable std::mutex mu_;
    bool powered_ = true;
    std::optional<std::uint64_t> operations_left_;
    std::vector<Fault> faults_;
    std::map<std::string, std::shared_ptr<FileState>> files_;
    std::map<std::string, std::string> lost_names_;  // path -> synced bytes it held
    PowerLossStats stats_;
};

}  // namespace seat::testing
