/*
 * reclog.h - the recorder's binary log (written by librecord.so, read by
 * rec2rep).
 *
 * One file per process image: DIR/PID.SEQ.log, where SEQ is 0 for the
 * first image of a process and counts up across exec (same pid). The file
 * is a 64-byte header followed by 32-byte records in call order. Beside
 * it, DIR/PID.SEQ.cmd holds the image's command line (/proc/self/cmdline:
 * each argument ended by a NUL; the first 4 KiB). The
 * writer maps the file in windows (MAP_SHARED) and extends it ahead of
 * use, so the tail is zero-filled: a record with kind 0 ends the log. The
 * kind byte is stored last, so a process killed mid-call leaves at most a
 * record that reads as the end.
 */
#ifndef RECLOG_H
#define RECLOG_H

#include <stdint.h>

#define RECLOG_MAGIC "MLABREC1"     /* 8 bytes, no terminator stored */
#define RECLOG_HEADER_SIZE 64
#define RECLOG_RECORD_SIZE 32

enum reclog_kind {
    RECLOG_END = 0,
    RECLOG_ALLOC = 1,    /* p = block, size: malloc, calloc (product),
                            memalign family, valloc, pvalloc            */
    RECLOG_FREE = 2,     /* p = block                                   */
    RECLOG_REALLOC = 3   /* q = old block, p = new block, size          */
};

struct reclog_header {
    char magic[8];
    uint32_t pid;
    uint32_t ppid;
    uint32_t seq;
    uint32_t reserved;
    char exe[40];        /* basename of /proc/self/exe, NUL-terminated   */
};

struct reclog_record {
    uint64_t size;
    uint64_t p;
    uint64_t q;
    uint8_t call;        /* which function (enum reclog_call), for stats */
    uint8_t pad[6];
    uint8_t kind;        /* enum reclog_kind; written last               */
};

enum reclog_call {
    RECLOG_CALL_MALLOC = 1,
    RECLOG_CALL_CALLOC,
    RECLOG_CALL_REALLOC,
    RECLOG_CALL_FREE,
    RECLOG_CALL_MEMALIGN,
    RECLOG_CALL_POSIX_MEMALIGN,
    RECLOG_CALL_ALIGNED_ALLOC,
    RECLOG_CALL_VALLOC,
    RECLOG_CALL_PVALLOC,
    RECLOG_CALL_REALLOCARRAY
};

_Static_assert(sizeof(struct reclog_header) == RECLOG_HEADER_SIZE,
               "log header must be 64 bytes");
_Static_assert(sizeof(struct reclog_record) == RECLOG_RECORD_SIZE,
               "log record must be 32 bytes");

#endif /* RECLOG_H */
