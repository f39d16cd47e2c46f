import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shoudi.accounts.roles import Department, Role
from shoudi.assets import selectors, services
from shoudi.assets.models import ApprovalStep, Asset
from shoudi.assets.services import DocumentInput
from shoudi.assets.tests.builders import make_asset
from shoudi.core.access import NotVisible
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_C, make_user

pytestmark = pytest.mark.django_db
DATA = {"cause": "flood", "occurred_on": dt.date(2024, 7, 1), "amount": Decimal(40000)}


def _doc(by, asset, kind="technical_appraisal", **extra):
    return services.document_add(by=by, asset=asset, document=DocumentInput(title="鉴定意见", kind=kind, **extra))


def propose(by, asset, document, **kw):
    return services.writeoff_propose(by=by, asset=asset, document=document, **{**DATA, **kw})


def test_write_off_without_a_document_is_refused(committee_a):
    asset = make_asset(VILLAGE_A)
    with pytest.raises(ValidationError) as exc:
        propose(committee_a, asset, None)
    assert "专业技术鉴定意见或法定资质中介机构" in exc.value.message_dict["document"][0]


def test_wrong_kind_or_empty_document_refused(committee_a):
    asset = make_asset(VILLAGE_A)
    decision = _doc(committee_a, asset, kind="decision", number="1")
    with pytest.raises(ValidationError, match="不能作为核销的评估证明文件"):
        propose(committee_a, asset, decision)
    bare = _doc(committee_a, asset)
    with pytest.raises(ValidationError, match="上传附件或登记报告编号"):
        propose(committee_a, asset, bare)
    other = make_asset(VILLAGE_A)
    foreign = _doc(committee_a, other, number="JD-9")
    with pytest.raises(ValidationError, match="不属于该资产"):
        propose(committee_a, asset, foreign)


def test_write_off_with_report_file_and_ledgers(committee_a, county, township, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    asset = make_asset(VILLAGE_A, department=Department.WATER)
    writeoff = propose(
        committee_a,
        asset,
        None,
        new_document=DocumentInput(title="灾损评估专项报告", kind="intermediary_report", issuer="某评估公司"),
        file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 test"),
    )
    assert writeoff.document.file and writeoff.document.kind == "intermediary_report"
    with pytest.raises(NotVisible):
        services.writeoff_act(by=township, writeoff=writeoff, action="approve")
    writeoff = services.writeoff_act(by=county, writeoff=writeoff, action="approve", on=dt.date(2024, 8, 1))
    assert writeoff.approved_on == dt.date(2024, 8, 1)
    assert Asset.objects.get(pk=asset.pk).status == "written_off"
    assert [s.action for s in ApprovalStep.objects.filter(writeoff=writeoff)] == ["propose", "approve"]
    other = make_asset(VILLAGE_C, department=Department.EDUCATION)
    other_doc = _doc(county, other, number="JD-2")
    services.writeoff_act(by=county, writeoff=propose(county, other, other_doc), action="approve")
    # the county master ledger and the township, village and department ledgers are views of the same rows
    assert selectors.writeoff_ledger(county).count() == 2
    assert list(selectors.writeoff_ledger(township)) == [writeoff]
    assert list(selectors.writeoff_ledger(committee_a)) == [writeoff]
    assert list(selectors.writeoff_ledger(county, department=Department.WATER)) == [writeoff]
    water = make_user("water", Role.DEPT_CLERK, COUNTY, department=Department.WATER)
    assert list(selectors.writeoff_ledger(water)) == [writeoff]
    assert not selectors.assets_visible(water).exists()


def test_write_off_amount_limited_to_value(committee_a):
    asset = make_asset(VILLAGE_A, value="1000.00")
    doc = _doc(committee_a, asset, number="JD-1")
    with pytest.raises(ValidationError, match="不能超过资产原值"):
        propose(committee_a, asset, doc, amount=Decimal("1000.01"))
