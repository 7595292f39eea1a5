# CaseNumberSequence now belongs to the numbering app (numbering.NumberSequence, same table and rows):
# state only, the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_fewer_indexes_on_events_tasks_materials'),
        ('numbering', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CaseNumberSequence')],
            database_operations=[],
        ),
    ]
