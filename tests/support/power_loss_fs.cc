// PowerLossFs: the real file system underneath, a record per file of what is
// durable on top (power_loss_fs.h says what survives a cut). Every record changes
// under mu_, in the same critical section as the real operation it describes, so
// RocksDB's threads see one order of events and so does a power cut.
#include "tests/support/power_loss_fs.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <system_error>
#include <utility>

namespace seat::testing {
namespace {

namespace fs = std::filesystem;

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

std::string normal(const std::string& path) {
    std::string out = fs::path(path).lexically_normal().string();
    while (out.size() > 1 && out.back() == '/')
        out.pop_back();
    return out;
}

std::string parent_of(const std::string& path) {
    return fs::path(path).parent_path().string();
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The first `bytes` bytes of a file (fewer if it is shorter).
std::string read_prefix(const std::string& path, std::uint64_t bytes) {
    std::ifstream in(path, std::ios::binary);
    std::string out(bytes, '\0');
    in.read(out.data(), static_cast<std::streamsize>(bytes));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}

void write_whole(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

const char* name_of(FsOp op) {
    return op == FsOp::write ? "write" : "sync";
}

}  // namespace

// A writable file whose writes and syncs are reported to the file system.
class LossyWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
  public:
    LossyWritableFile(std::unique_ptr<rocksdb::FSWritableFile> target, PowerLossFs& fs,
                      std::string path, std::shared_ptr<PowerLossFs::FileState> state)
        : FSWritableFileOwnerWrapper(std::move(target)),
          fs_(fs),
          path_(std::move(path)),
          state_(std::move(state)) {}

    IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
        return write(data.size(), [&] { return target()->Append(data, options, dbg); });
    }
    IOStatus Append(const Slice& data, const IOOptions& options,
                    const rocksdb::DataVerificationInfo& info, IODebugContext* dbg) override {
        return write(data.size(), [&] { return target()->Append(data, options, info, dbg); });
    }
    IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                              IODebugContext* dbg) override {
        return positioned(offset + data.size(),
                          [&] { return target()->PositionedAppend(data, offset, options, dbg); });
    }
    IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                              const rocksdb::DataVerificationInfo& info,
                              IODebugContext* dbg) override {
        return positioned(offset + data.size(), [&] {
            return target()->PositionedAppend(data, offset, options, info, dbg);
        });
    }
    IOStatus Truncate(uint64_t size, const IOOptions& options, IODebugContext* dbg) override {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::write, path_);
        if (s.ok()) s = target()->Truncate(size, options, dbg);
        if (s.ok()) {
            state_->size = size;
            state_->synced = std::min(state_->synced, size);
        }
        return s;
    }
    IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
        return sync([&] { return target()->Sync(options, dbg); });
    }
    IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
        return sync([&] { return target()->Fsync(options, dbg); });
    }
    IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& options,
                       IODebugContext* dbg) override {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::sync, path_);
        if (s.ok()) s = target()->RangeSync(offset, nbytes, options, dbg);
        if (s.ok()) ++fs_.stats_.range_syncs;
        return s;
    }

  private:
    template <typename F>
    IOStatus write(std::uint64_t bytes, F&& op) {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::write, path_);
        if (s.ok()) s = op();
        if (s.ok()) state_->size += bytes;
        return s;
    }
    template <typename F>
    IOStatus positioned(std::uint64_t end, F&& op) {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::write, path_);
        if (s.ok()) s = op();
        if (s.ok()) state_->size = std::max(state_->size, end);
        return s;
    }
    template <typename F>
    IOStatus sync(F&& op) {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::sync, path_);
        if (s.ok()) s = op();
        if (s.ok()) {
            state_->synced = state_->size;
            ++fs_.stats_.syncs;
        }
        return s;
    }

    PowerLossFs& fs_;
    std::string path_;
    std::shared_ptr<PowerLossFs::FileState> state_;
};

// A directory whose fsyncs make the names in it durable.
class LossyDirectory : public rocksdb::FSDirectoryWrapper {
  public:
    LossyDirectory(std::unique_ptr<rocksdb::FSDirectory> target, PowerLossFs& fs, std::string path)
        : FSDirectoryWrapper(std::move(target)), fs_(fs), path_(std::move(path)) {}

    IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::sync, path_);
        if (s.ok()) s = FSDirectoryWrapper::Fsync(options, dbg);
        if (s.ok()) fs_.directory_synced(path_);
        return s;
    }
    IOStatus FsyncWithDirOptions(const IOOptions& options, IODebugContext* dbg,
                                 const rocksdb::DirFsyncOptions& dir_options) override {
        std::lock_guard lock(fs_.mu_);
        IOStatus s = fs_.admit(FsOp::sync, path_);
        if (s.ok()) s = FSDirectoryWrapper::FsyncWithDirOptions(options, dbg, dir_options);
        if (s.ok()) fs_.directory_synced(path_);
        return s;
    }

  private:
    PowerLossFs& fs_;
    std::string path_;
};

PowerLossFs::PowerLossFs(std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(std::move(base)) {}

PowerLossFs::~PowerLossFs() = default;

std::shared_ptr<rocksdb::Env> PowerLossFs::make_env(const std::shared_ptr<PowerLossFs>& fs) {
    return std::shared_ptr<rocksdb::Env>(rocksdb::NewCompositeEnv(fs));
}

void PowerLossFs::power_off_after(std::uint64_t operations) {
    std::lock_guard lock(mu_);
    operations_left_ = operations;
}

void PowerLossFs::keep_power_on() {
    std::lock_guard lock(mu_);
    operations_left_.reset();
}

void PowerLossFs::power_off() {
    std::lock_guard lock(mu_);
    powered_ = false;
}

bool PowerLossFs::powered() const {
    std::lock_guard lock(mu_);
    return powered_;
}

void PowerLossFs::fail_next(FsOp op, std::string path_suffix, int count) {
    std::lock_guard lock(mu_);
    faults_.push_back({op, std::move(path_suffix), count});
}

PowerLossStats PowerLossFs::stats() const {
    std::lock_guard lock(mu_);
    return stats_;
}

void PowerLossFs::restore_power(std::uint64_t seed, bool keep_unsynced) {
    std::lock_guard lock(mu_);
    std::mt19937_64 rng(seed);
    ++stats_.power_cuts;
    for (const auto& [path, file] : files_) {
        std::error_code ec;
        if (!file->name_durable) {
            if (fs::remove(path, ec)) ++stats_.files_removed;
            continue;
        }
        const std::uint64_t on_disk = fs::file_size(path, ec);
        if (ec) continue;
        std::uint64_t keep = file->synced;
        // Half the time the cut keeps some of the unsynced bytes too: the page cache
        // may have written back part of the tail before the power went.
        if (keep_unsynced && file->size > file->synced && rng() % 2 == 0)
            keep += rng() % (file->size - file->synced + 1);
        if (keep < on_disk) {
            fs::resize_file(path, keep, ec);
            stats_.bytes_dropped += on_disk - keep;
            if (keep > file->synced) ++stats_.files_torn;
        }
    }
    for (const auto& [path, bytes] : lost_names_) {
        write_whole(path, bytes);
        ++stats_.names_restored;
    }
    files_.clear();
    lost_names_.clear();
    faults_.clear();
    operations_left_.reset();
    powered_ = true;
}

IOStatus PowerLossFs::admit(FsOp op, const std::string& path) {
    if (powered_ && operations_left_) {
        if (*operations_left_ == 0) {
            powered_ = false;
        } else {
            --*operations_left_;
        }
    }
    if (!powered_) {
        ++stats_.refused_without_power;
        return IOStatus::IOError("power is off", path);
    }
    ++stats_.operations;
    for (Fault& f : faults_) {
        if (f.op != op || f.count == 0 || !ends_with(path, f.suffix)) continue;
        --f.count;
        ++stats_.failures_injected;
        return IOStatus::IOError(std::string("injected ") + name_of(op) + " failure", path);
    }
    return IOStatus::OK();
}

std::shared_ptr<PowerLossFs::FileState> PowerLossFs::state_of(const std::string& path) {
    auto it = files_.find(path);
    if (it != files_.end()) return it->second;
    auto file = std::make_shared<FileState>();
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (!ec) {
        file->size = file->synced = size;
        file->name_durable = true;
    }
    files_.emplace(path, file);
    return file;
}

void PowerLossFs::remember_lost_name(const std::string& path) {
    const auto it = files_.find(path);
    std::error_code ec;
    if (it == files_.end()) {
        if (!fs::exists(path, ec) || lost_names_.contains(path)) return;
        lost_names_.emplace(path, read_prefix(path, fs::file_size(path, ec)));
        return;
    }
    // The oldest durable bytes of a name are the ones a cut brings back.
    if (!it->second->name_durable || lost_names_.contains(path)) return;
    lost_names_.emplace(path, read_prefix(path, it->second->synced));
}

void PowerLossFs::directory_synced(const std::string& dir) {
    ++stats_.dir_syncs;
    for (auto& [path, file] : files_)
        if (parent_of(path) == dir) file->name_durable = true;
    std::erase_if(lost_names_, [&](const auto& entry) { return parent_of(entry.first) == dir; });
}

IOStatus PowerLossFs::NewWritableFile(const std::string& path_in,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      IODebugContext* dbg) {
    const std::string path = normal(path_in);
    std::lock_guard lock(mu_);
    IOStatus s = admit(FsOp::write, path);
    if (!s.ok()) return s;
    // An existing file is truncated: as if deleted and created again.
    remember_lost_name(path);
    files_.erase(path);
    std::unique_ptr<rocksdb::FSWritableFile> file;
    s = target()->NewWritableFile(path_in, options, &file, dbg);
    if (!s.ok()) return s;
    auto state = std::make_shared<FileState>();
    files_[path] = state;
    *result = std::make_unique<LossyWritableFile>(std::move(file), *this, path, std::move(state));
    return s;
}

IOStatus PowerLossFs::ReopenWritableFile(const std::string& path_in,
                                         const rocksdb::FileOptions& options,
                                         std::unique_ptr<rocksdb::FSWritableFile>* result,
                                         IODebugContext* dbg) {
    const std::string path = normal(path_in);
    std::lock_guard lock(mu_);
    IOStatus s = admit(FsOp::write, path);
    if (!s.ok()) return s;
    std::shared_ptr<FileState> state = state_of(path);
    std::unique_ptr<rocksdb::FSWritableFile> file;
    s = target()->ReopenWritableFile(path_in, options, &file, dbg);
    if (!s.ok()) return s;
    *result = std::make_unique<LossyWritableFile>(std::move(file), *this, path, std::move(state));
    return s;
}

IOStatus PowerLossFs::ReuseWritableFile(const std::string&, const std::string&,
                                        const rocksdb::FileOptions&,
                                        std::unique_ptr<rocksdb::FSWritableFile>*,
                                        IODebugContext*) {
    return IOStatus::NotSupported("PowerLossFs does not recycle files");
}

IOStatus PowerLossFs::NewRandomRWFile(const std::string&, const rocksdb::FileOptions&,
                                      std::unique_ptr<rocksdb::FSRandomRWFile>*, IODebugContext*) {
    return IOStatus::NotSupported("PowerLossFs does not track random-access writes");
}

IOStatus PowerLossFs::LinkFile(const std::string&, const std::string&, const IOOptions&,
                               IODebugContext*) {
    return IOStatus::NotSupported("PowerLossFs does not track links");
}

IOStatus PowerLossFs::NewDirectory(const std::string& path, const IOOptions& options,
                                   std::unique_ptr<rocksdb::FSDirectory>* result,
                                   IODebugContext* dbg) {
    std::unique_ptr<rocksdb::FSDirectory> dir;
    IOStatus s = target()->NewDirectory(path, options, &dir, dbg);
    if (s.ok()) *result = std::make_unique<LossyDirectory>(std::move(dir), *this, normal(path));
    return s;
}

IOStatus PowerLossFs::DeleteFile(const std::string& path_in, const IOOptions& options,
                                 IODebugContext* dbg) {
    const std::string path = normal(path_in);
    std::lock_guard lock(mu_);
    IOStatus s = admit(FsOp::write, path);
    if (!s.ok()) return s;
    remember_lost_name(path);
    s = target()->DeleteFile(path_in, options, dbg);
    if (s.ok()) files_.erase(path);
    return s;
}

IOStatus PowerLossFs::Truncate(const std::string& path_in, size_t size, const IOOptions& options,
                               IODebugContext* dbg) {
    const std::string path = normal(path_in);
    std::lock_guard lock(mu_);
    IOStatus s = admit(FsOp::write, path);
    if (!s.ok()) return s;
    std::shared_ptr<FileState> state = state_of(path);
    s = target()->Truncate(path_in, size, options, dbg);
    if (s.ok()) {
        state->size = size;
        state->synced = std::min<std::uint64_t>(state->synced, size);
    }
    return s;
}

IOStatus PowerLossFs::RenameFile(const std::string& from_in, const std::string& to_in,
                                 const IOOptions& options, IODebugContext* dbg) {
    const std::string from = normal(from_in);
    const std::string to = normal(to_in);
    std::lock_guard lock(mu_);
    IOStatus s = admit(FsOp::write, to);
    if (!s.ok()) return s;
    std::error_code ec;
    if (!fs::exists(from, ec)) return target()->RenameFile(from_in, to_in, options, dbg);
    // Until the directory is synced, a cut may undo the rename: `to` then shows what
    // it held before, and `from` comes back.
    remember_lost_name(to);
    remember_lost_name(from);
    std::shared_ptr<FileState> state = state_of(from);
    s = target()->RenameFile(from_in, to_in, options, dbg);
    if (!s.ok()) return s;
    files_.erase(from);
    state->name_durable = false;
    files_[to] = std::move(state);
    return s;
}

}  // namespace seat::testing
