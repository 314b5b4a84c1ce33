#ifndef WSO2DB_CSQLITE_SHIM_H
#define WSO2DB_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro that casts -1 to a function pointer, which Swift cannot import. */
static inline void (*wso2db_sqlite_transient(void))(void *) {
    return SQLITE_TRANSIENT;
}
#endif
