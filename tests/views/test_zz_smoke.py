import io, re
import docx
from sqlalchemy import select
from council.extensions import db
from council.models import Council, Meeting
from tests import factories as f

def fields(html):
    out = {}
    for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*>', html):
        tag = m.group(0); name = m.group(1)
        if 'type="checkbox"' in tag:
            if 'checked' in tag: out[name] = "y"
            continue
        v = re.search(r'value="([^"]*)"', tag)
        out[name] = v.group(1) if v else ""
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        sel = re.search(r'<option selected value="([^"]*)"', m.group(2)) or re.search(r'<option value="([^"]*)"', m.group(2))
        out[m.group(1)] = sel.group(1) if sel else ""
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        out[m.group(1)] = m.group(2).strip()
    out.pop("csrf_token", None)
    return out

def test_smoke(demo, login_as):
    council = db.session.scalars(select(Council).where(Council.slug == "saldus-kursisu-pagasts")).one()
    m = f.held_meeting(council, items=2)
    f.agenda_item(m, is_public=False, title="Par zemes nomu")
    db.session.commit()
    c = login_as("secretary")
    c.post_form(f"/meetings/{m.id}/minutes/start")
    html = c.get(f"/meetings/{m.id}/minutes/edit").text
    data = fields(html)
    data["attendance-3-status"] = "excused"; data["attendance-3-reason"] = "slimības dēļ"
    data["attendance-5-status"] = "absent"
    data["guests-0-name"] = "Anna Liepa"; data["guests-0-capacity"] = "pagasta pārvaldes vadītāja"
    data["guests-1-name"] = "Pēteris Zariņš"; data["guests-1-capacity"] = "iedzīvotājs"; data["guests-1-is_private"] = "y"
    data["opened"] = "18:00"; data["closed"] = "19:30"
    print(data)
    r = c.post_form(f"/meetings/{m.id}/minutes/edit", data)
    assert r.status_code == 302, r.text[r.text.index("<main"):][:5000]
    items = m.agenda_items
    for i, item in enumerate(items):
        html = c.get(f"/meetings/{m.id}/minutes/items/{item.id}").text
        d = fields(html)
        d["discussion"] = "Līga Ozoliņa ierosina uzstādīt apgaismojumu.\nIlze Bērziņa atbalsta."
        d["decision"] = "Lūgt pagasta pārvaldi uzstādīt 5 laternas.\nInformēt iedzīvotājus."
        d["discussion_participants"] = "Līga Ozoliņa, Ilze Bērziņa"
        if i == 0:
            d.update({"votes_for": "4", "votes_against": "0", "votes_abstain": "1", "outcome": "adopted"})
        elif i == 1:
            d["named_vote"] = "y"
            for k in list(d):
                if k.endswith("-vote"): d[k] = "for"
            d["members-0-vote"] = "against"
            d["members-1-recused"] = "y"; d["members-1-reason"] = "radniecība"; d["members-1-vote"] = ""
            d["outcome"] = "adopted"
        else:
            d["outcome"] = "noted"
        print(d)
        r = c.post_form(f"/meetings/{m.id}/minutes/items/{item.id}", d)
        assert r.status_code == 302, r.text[r.text.index("<main"):][:6000]
    r = c.get(f"/meetings/{m.id}/minutes")
    print(re.sub(r"\n\s*\n", "\n", re.sub("<[^>]+>", "", r.text[r.text.index("<main"):])))
    html = c.get(f"/meetings/{m.id}/minutes/approve").text
    d = fields(html); print(d)
    r = c.post_form(f"/meetings/{m.id}/minutes/approve", d)
    assert r.status_code == 302, r.text[r.text.index("<main"):][:6000]
    r = c.post_form(f"/meetings/{m.id}/minutes/errata", {"text": "2. § lasīt “6 laternas”."})
    assert r.status_code == 302, r.text[r.text.index("<main"):][:6000]
    r = c.get(f"/meetings/{m.id}/minutes.docx")
    d = docx.Document(io.BytesIO(r.data))
    for p in d.paragraphs: print(f"[{p.style.name}] {p.text}")
    open("/tmp/mt/proto.docx", "wb").write(r.data)
    c.logout()
    r = c.get(f"/meetings/{m.id}/minutes.docx")
    open("/tmp/mt/proto-public.docx", "wb").write(r.data)
    d = docx.Document(io.BytesIO(r.data))
    for p in d.paragraphs: print(f"[{p.style.name}] {p.text}")
