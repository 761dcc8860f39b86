/*
 * fileio.h: whole-file reading with a ceiling, and atomic file replacement
 * (write a temporary file in the same directory, fsync it, rename it over
 * the target, fsync the directory), so a crash, a concurrent reader or a
 * second host on NFS sees either the old or the new file, never half a
 * file.  It does not lock: two writers of one path race, and the last
 * rename wins with a complete file.
 */
#ifndef LIB_FILEIO_H
#define LIB_FILEIO_H

#include <sys/stat.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

/* Suffix of temporary files ("<name>.tmp.<pid>.<n>"); readers skip them. */
#define FILEIO_TMP_MARK	".tmp."

/*
 * Reads path into a NUL-terminated buffer (free() it) and stores the
 * length in *lenp.  Fails with errno EFBIG if the file is larger than max
 * bytes, and keeps open(2)'s errno (ENOENT ...) otherwise.
 */
char	*fileio_read(const char *path, size_t max, size_t *lenp);
/* fileio_read(), and the fstat(2) of the file it read into *stp. */
char	*fileio_read_stat(const char *path, size_t max, size_t *lenp,
	    struct stat *stp);
/*
 * Atomically replaces path with len bytes of data, created with mode
 * (subject to umask).  With durable false, the fsyncs are skipped (tests,
 * benchmarks, tmpfs).  Returns 0, or -1 with errno set and the old file
 * untouched; the temporary file is removed on failure.
 */
int	fileio_replace(const char *path, const void *data, size_t len,
	    mode_t mode, bool durable);
/* fsyncs the directory that holds path (after a rename or unlink). */
int	fileio_sync_dir(const char *path);
/* True if name is one of our temporary files (FILEIO_TMP_MARK). */
bool	fileio_is_tmp(const char *name);

#endif /* LIB_FILEIO_H */
