#ifndef WSO2DB_CMARIADB_SHIM_H
#define WSO2DB_CMARIADB_SHIM_H
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#endif
