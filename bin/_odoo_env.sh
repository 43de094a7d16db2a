# Sourced by bin/run and bin/test: find Odoo 19 and set ROOT, PYTHON, ODOO_ARGS.
# Odoo is found by `import odoo` in $PYTHON (default python3), or in the source
# checkout named by ODOO_PATH (the folder that holds odoo-bin).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}

odoo_missing() {
    cat >&2 <<MSG
error: Odoo 19 was not found ($1).
Provide it in one of these ways, then run this command again:
  - install Odoo 19 into this Python:  pip install -r <odoo-19-source>/requirements.txt && pip install -e <odoo-19-source>
  - or point at an Odoo 19 source checkout:  ODOO_PATH=/path/to/odoo-19 $0
  - or use the Docker set-up in docker/ (see README.md).
MSG
    exit 2
}

if [ -n "${ODOO_PATH:-}" ]; then
    [ -f "$ODOO_PATH/odoo/release.py" ] || odoo_missing "ODOO_PATH=$ODOO_PATH holds no odoo/release.py"
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi
ODOO_VERSION=$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null) \
    || odoo_missing "'import odoo' fails in $PYTHON"
[ "$ODOO_VERSION" = "19" ] || odoo_missing "found Odoo $ODOO_VERSION, need 19"

ODOO_ARGS=(-c "$ROOT/config/odoo.conf" --addons-path "$ROOT/addons")
if [ -n "${ODOO_PATH:-}" ] && [ -d "$ODOO_PATH/addons" ]; then
    ODOO_ARGS=(-c "$ROOT/config/odoo.conf" --addons-path "$ROOT/addons,$ODOO_PATH/addons")
fi
ADDONS=student_support,student_support_reports

odoo() { "$PYTHON" -m odoo "${ODOO_ARGS[@]}" "$@"; }

# PostgreSQL: PGHOST/PGPORT/PGUSER/PGPASSWORD as libpq reads them; local defaults.
DB_HOST=${PGHOST:-127.0.0.1}
DB_PORT=${PGPORT:-5432}
ODOO_ARGS+=(--db_host "$DB_HOST" --db_port "$DB_PORT")
[ -n "${PGUSER:-}" ] && ODOO_ARGS+=(--db_user "$PGUSER")
[ -n "${PGPASSWORD:-}" ] && ODOO_ARGS+=(--db_password "$PGPASSWORD")

# Prints "yes" when the database exists; fails with a clear message when PostgreSQL is unreachable.
db_exists() {
    "$PYTHON" - "$1" "$DB_HOST" "$DB_PORT" <<'PY'
import sys
import psycopg2
name, host, port = sys.argv[1:]
try:
    conn = psycopg2.connect(dbname="postgres", host=host, port=port)
except psycopg2.OperationalError as error:
    sys.exit(f"error: cannot reach PostgreSQL at {host}:{port} ({error.args[0].strip()}); set PGHOST/PGPORT/PGUSER/PGPASSWORD")
with conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    print("yes" if cr.fetchone() else "no")
PY
}
