#!/usr/bin/env bash
# Create — or bring up to date — the PostgreSQL role Shoudi connects as, and its database. Idempotent: run it
# again to change the password or the CREATEDB right. The role is not a superuser and cannot create roles.
#
#   SHOUDI_DB_PASSWORD='…' scripts/pg-role.sh                 # role "shoudi", database "shoudi"
#   SHOUDI_DB_PASSWORD='…' scripts/pg-role.sh --createdb      # also CREATEDB: the test suite creates test_<name>
#
# Environment: SHOUDI_DB_ROLE (default shoudi), SHOUDI_DB_NAME (default shoudi), SHOUDI_DB_PASSWORD (required),
# PGHOST (default 127.0.0.1), PGPORT, PGADMIN (the superuser psql logs in as, default postgres; its password,
# if any, in PGPASSWORD or ~/.pgpass). The password reaches psql through the environment (\getenv), never on a
# command line. Needs psql ≥ 15.
set -euo pipefail

createdb=NOCREATEDB
for arg in "$@"; do
  case "$arg" in
    --createdb) createdb=CREATEDB ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "未知参数：$arg（只有 --createdb）" >&2; exit 2 ;;
  esac
done

export SHOUDI_DB_ROLE="${SHOUDI_DB_ROLE:-shoudi}"
export SHOUDI_DB_NAME="${SHOUDI_DB_NAME:-shoudi}"
export SHOUDI_DB_CREATEDB="$createdb"
: "${SHOUDI_DB_PASSWORD:?请在环境变量 SHOUDI_DB_PASSWORD 中给出该角色的密码}"
export SHOUDI_DB_PASSWORD

psql -h "${PGHOST:-127.0.0.1}" -U "${PGADMIN:-postgres}" -d postgres -X -q -v ON_ERROR_STOP=1 <<'SQL'
\getenv role SHOUDI_DB_ROLE
\getenv dbname SHOUDI_DB_NAME
\getenv createdb SHOUDI_DB_CREATEDB
\getenv password SHOUDI_DB_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS %s PASSWORD %L',
              :'role', :'createdb', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', :'dbname', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'dbname') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'dbname', :'role') \gexec
SELECT format('角色 %s：登录=%s 超级用户=%s 建库=%s 建角色=%s；数据库 %s 属于 %s', r.rolname, r.rolcanlogin,
              r.rolsuper, r.rolcreatedb, r.rolcreaterole, d.datname, pg_get_userbyid(d.datdba)) AS "结果"
  FROM pg_roles r, pg_database d WHERE r.rolname = :'role' AND d.datname = :'dbname';
SQL
