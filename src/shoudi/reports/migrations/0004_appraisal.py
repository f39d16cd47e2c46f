"""考核方案 is an ``AppraisalScheme`` with ``AppraisalItem``s (not "assessment": that is 农户评估, the assessment of
a household by the policy app). The tables are renamed with their rows; the audit log's object type follows."""

from django.db import migrations, models


def audit_types(old: str, new: str):
    def move(apps, schema_editor):
        AuditEntry = apps.get_model("core", "AuditEntry")
        AuditEntry.objects.filter(object_type=old).update(object_type=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("regions", "0001_initial"),
        ("reports", "0003_report_job"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="assessmentscheme", name="assessment_scheme_once"),
        migrations.RemoveConstraint(model_name="assessmentitem", name="assessment_item_once"),
        migrations.RenameModel("AssessmentScheme", "AppraisalScheme"),
        migrations.RenameModel("AssessmentItem", "AppraisalItem"),
        migrations.AddConstraint(
            model_name="appraisalscheme",
            constraint=models.UniqueConstraint(fields=("year", "area"), name="appraisal_scheme_once"),
        ),
        migrations.AddConstraint(
            model_name="appraisalitem",
            constraint=models.UniqueConstraint(fields=("scheme", "indicator"), name="appraisal_item_once"),
        ),
        migrations.RunPython(
            audit_types("assessmentscheme", "appraisalscheme"), audit_types("appraisalscheme", "assessmentscheme")
        ),
    ]
