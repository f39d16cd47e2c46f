"""Excel/CSV import and export of the base database (基础数据库).

- ``columns``: the one list of columns (Chinese headers), their converters and allowed values;
- ``reader``: opens XLSX/XLS/ODS (python-calamine) or CSV (UTF-8 with/without BOM, GB18030) with limits;
- ``validate``: checks every row and builds an import plan; ``apply``: writes it in bulk, audited;
- ``writers``: template, export and rejected-rows files; ``export``: rows of the user's area;
- ``pipeline``: the steps together, for the command and for jobs (``jobs``).
"""
