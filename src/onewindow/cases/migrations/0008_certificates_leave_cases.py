# The certificate library becomes its own app (onewindow.certificates); its table and rows stay where
# they are (cases_certificate), so this and certificates' 0001 change only the migration state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_task_clock_like_case'),
        ('certificates', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.AlterField(
            model_name='casematerial',
            name='certificate',
            field=models.ForeignKey(blank=True, db_index=False, help_text='从证照库调取的证照。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='certificates.certificate', verbose_name='证照'),
        ),
        migrations.DeleteModel(
            name='Certificate',
        ),
            ],
        ),
    ]
