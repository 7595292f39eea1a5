# The cases app's Certificate moves here as it stood: the table keeps its name and rows.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0007_task_clock_like_case'),
        ('org', '0002_staff_may_finish_immediate'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Certificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('certificate_type', models.CharField(help_text='如“营业执照”。', max_length=100, verbose_name='证照类型')),
                ('number', models.CharField(help_text='证照上的编号。', max_length=60, verbose_name='证照编号')),
                ('holder_name', models.CharField(help_text='姓名或单位名称。', max_length=100, verbose_name='持证人')),
                ('holder_id_number', models.CharField(help_text='身份证号码或统一社会信用代码。', max_length=18, verbose_name='持证人证件号码')),
                ('holder_id_digest', models.CharField(db_index=True, help_text='用于按证件号查找。', max_length=64, verbose_name='证件号摘要')),
                ('valid_from', models.DateField(help_text='发证日期。', verbose_name='有效期起')),
                ('valid_until', models.DateField(blank=True, help_text='空为长期有效。', null=True, verbose_name='有效期至')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now, help_text='存入证照库的时间。', verbose_name='入库时间')),
                ('case', models.OneToOneField(blank=True, help_text='产生该证照的办件。', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='certificate', to='cases.case', verbose_name='办件')),
                ('issuer', models.ForeignKey(help_text='核发证照的部门。', on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='org.department', verbose_name='发证部门')),
            ],
            options={
                'verbose_name': '电子证照',
                'verbose_name_plural': '电子证照',
                'db_table': 'cases_certificate',
                'indexes': [models.Index(fields=['holder_id_digest', 'certificate_type'], name='certificate_holder_type')],
                'constraints': [models.UniqueConstraint(fields=('certificate_type', 'number'), name='certificate_type_number')],
            },
        ),
            ],
        ),
    ]
