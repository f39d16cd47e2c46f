"""Tongren's five 重点推进县 are 「即省级乡村振兴重点帮扶县」 (《铜仁市“十四五”巩固拓展脱贫攻坚成果同乡村振兴有效衔接
规划》第四章第二节): databases loaded before the loader said so get the class now. A county whose class was set
by hand (anything but the loader's old "重点推进县, no key class") is left as it is."""

from django.db import migrations

ADVANCING = ("520621", "520623", "520624", "520625", "520626")  # 江口, 石阡, 思南, 印江, 德江


def forwards(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Region.objects.filter(code__in=ADVANCING, local_class="advancing", key_county="").update(key_county="provincial")


def backwards(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Region.objects.filter(code__in=ADVANCING, local_class="advancing", key_county="provincial").update(key_county="")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
