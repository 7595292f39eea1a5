# The cases app's CaseNumberSequence moves here as it stood (its table and rows stay where they are):
# state only, the database already holds the table.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0005_fewer_indexes_on_events_tasks_materials'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NumberSequence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('area_code', models.CharField(help_text='办件所属县级区划的 6 位代码。', max_length=6, verbose_name='区划代码')),
                        ('day', models.DateField(help_text='受理日期（北京时间）。', verbose_name='日期')),
                        ('last', models.PositiveIntegerField(help_text='当天已发出的最大序号。', verbose_name='已用序号')),
                    ],
                    options={
                        'verbose_name': '办件编号序列',
                        'verbose_name_plural': '办件编号序列',
                        'db_table': 'cases_casenumbersequence',
                        'constraints': [models.UniqueConstraint(fields=('area_code', 'day'), name='cases_sequence_area_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
