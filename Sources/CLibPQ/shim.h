#ifndef WSO2DB_CLIBPQ_SHIM_H
#define WSO2DB_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
