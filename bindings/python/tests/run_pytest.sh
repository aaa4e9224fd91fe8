#!/bin/sh
# ctest: run pytest in the venv made by ctest_setup.sh and say what its exit
# status means (https://docs.pytest.org/en/stable/reference/exit-codes.html).
#   run_pytest.sh WORK_DIR PYTEST_ARGS...
work=$1
shift
py=$work/venv/bin/python
[ -x "$py" ] || { echo "run_pytest: no venv at $work (python.install failed?)" >&2; exit 1; }
"$py" -m pytest -p no:cacheprovider -rs -q "$@"
rc=$?
case $rc in
    0) ;;
    1) echo "run_pytest: some tests failed" >&2 ;;
    2) echo "run_pytest: interrupted" >&2 ;;
    3) echo "run_pytest: pytest internal error" >&2 ;;
    4) echo "run_pytest: pytest usage error" >&2 ;;
    5) echo "run_pytest: no tests collected" >&2 ;;
    *) echo "run_pytest: pytest exited with $rc" >&2 ;;
esac
exit $rc
