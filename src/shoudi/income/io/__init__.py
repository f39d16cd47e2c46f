"""收入核算表 from and to Excel (DOMAIN.md §13): the counties' own sheets, as they are.

- ``layout``: the wide (按户填写) and long (按项目填写) layouts, header normalisation, cell converters;
- ``validate`` → ``plan``: every row checked, errors by sheet, row and column; nothing written;
- ``apply``: the plan written in bulk in one transaction, by the rules of ``income.services.sheet_save``;
- ``files``: the template and the export; ``pipeline``: the steps together, for the command and the jobs.
The generic pieces (file reader, bulk inserter, progress bar, errors) are the household import's
(``registry.io``).
"""
