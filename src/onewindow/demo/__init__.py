"""The demo county loader behind `onewindow demo`: the organisation (`county`), its catalog (`catalog`,
read from data/catalog.json through the catalog importer) and some 520 cases played through the case
services (`cases`). A tool at the edge of the project: no domain app imports it."""
