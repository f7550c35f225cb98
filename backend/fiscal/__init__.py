"""Pure fiscal-document library: canonical model, Brazilian ids and one parser per layout.

No database, no network, no file system: functions take lxml trees or bytes and return
values. ``backend.ingest`` turns raw bytes (XML, PDF, ZIP) into calls to these parsers.
"""
