"""Link each need written down with a source and a reference to the commitment it names.

Needs keep their source text. Where the source maps onto a framework and the reference is
given, the commitment with that reference is linked, recorded first when no one has yet (its
text is the need's, for IRD to correct). A need of "other" source, or without a reference, is
left for a person to link."""

from django.db import migrations

# The shopping list's sources, each as the framework it names.
SOURCE_FRAMEWORK = {
    "aa": "eu-aa",
    "vlap": "vlap",
    "anp": "nato-anp",
    "parp": "nato-parp",
    "un": "un-upr",
    "coe": "coe",
}


def link_commitments(apps, schema_editor):
    Need = apps.get_model("needs", "Need")
    Framework = apps.get_model("commitments", "Framework")
    Commitment = apps.get_model("commitments", "Commitment")
    frameworks = {f.code: f for f in Framework.objects.filter(code__in=SOURCE_FRAMEWORK.values())}
    for need in Need.objects.exclude(source_reference="").filter(source__in=SOURCE_FRAMEWORK):
        framework = frameworks.get(SOURCE_FRAMEWORK[need.source])
        if framework is None:
            continue
        reference = need.source_reference.strip()[:100]
        commitment = Commitment.objects.filter(
            framework=framework, reference__iexact=reference
        ).first()
        if commitment is None:
            commitment = Commitment.objects.create(
                framework=framework,
                reference=reference,
                text_ka=need.title,
                responsible_unit_id=need.responsible_unit_id,
                created_by_id=need.created_by_id,
            )
        need.commitments.add(commitment)


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0003_commitments_and_sector"),
        ("commitments", "0002_frameworks"),
    ]

    operations = [migrations.RunPython(link_commitments, migrations.RunPython.noop)]
