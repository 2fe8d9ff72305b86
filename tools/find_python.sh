#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter (Django 6 needs it), or nothing.
for candidate in python3.12 python3.13 \
    "$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python3 \
    "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3 \
    /usr/bin/python3.13 /usr/bin/python3.12 python3; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$path"; exit 0
  fi
done
