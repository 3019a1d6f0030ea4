using Chexs.Bot.DataExchange;
using Chexs.Bot.Hosting;
using Chexs.Bot.Records;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Safeguarding;
using LiteDB;

namespace Chexs.Bot.Tests.DataExchange;

/// <summary>Runs the real <c>import</c> verb handler against a temporary database and temporary files.</summary>
public class ImportCommandTests : IDisposable
{
    private const string PupilHeader = "pupil_id,first_name,last_name,date_of_birth,programme,school,guardian_name,guardian_relationship,guardian_email,guardian_phone";
    private const string ConsentHeader = "pupil_id,guardian_email,kind,academic_year,session_id,covers,given_on,evidence,withdrawn_on";

    private const string GoodPupils = PupilHeader + "\n" +
        "P-0001,Sam,Patel,2011-05-14,Growth,Northfield Academy,Priya Patel,Mother,priya.patel@example.org,07700 900101\n" +
        "P-0001,Sam,Patel,2011-05-14,Growth,Northfield Academy,Arjun Patel,Father,arjun.patel@example.org,\n" +
        "P-0002,Sami,Patil,2012-03-09,Afterschool Leadership,\"Eastgate Youth Club, Hall B\",Ravi Patil,Father,ravi.patil@example.org,07700 900103\n";

    private readonly BotServices _bot = new(PolicyScenario.Local(2026, 11, 2, 9));
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => _bot.Dispose();

    private ChexsDatabase Db => _bot.Db;

    private int Import(params string[] args) => DataExchangeCommands.ImportAsync(args, _bot.Services, _out, _err).GetAwaiter().GetResult();

    /// <summary>Every record collection as JSON, to show that an import changed nothing at all.</summary>
    private string Snapshot() => string.Join("\n", new[] { "pupils", "guardians", "consents", "sessions" }
        .Select(c => JsonSerializer.Serialize(new BsonArray(Db.Raw.GetCollection(c).FindAll().OrderBy(d => d["_id"].ToString())))));

    [Fact]
    public void Good_pupils_file_imports_pupils_and_guardians_and_audits()
    {
        Assert.Equal(0, Import("pupils", _bot.File("pupils.csv", GoodPupils)));
        var sam = Db.Pupils.FindById("P-0001");
        Assert.Equal("Sam Patel", sam.FullName);
        Assert.Equal(new DateOnly(2011, 5, 14), sam.DateOfBirth);
        Assert.Equal(new[] { "arjun.patel@example.org", "priya.patel@example.org" }, sam.GuardianIds.OrderBy(x => x));
        Assert.Equal(new[] { Programme.AfterschoolLeadership }, Db.Pupils.FindById("P-0002").Programmes);
        Assert.Equal("Eastgate Youth Club, Hall B", Db.Pupils.FindById("P-0002").School);
        Assert.Equal(new[] { "P-0001" }, Db.Guardians.FindById("priya.patel@example.org").PupilIds);
        Assert.Null(Db.Guardians.FindById("arjun.patel@example.org").Phone);
        var audit = Assert.Single(Db.Audit.FindAll());
        Assert.Equal("import.pupils", audit.Action);
        Assert.Contains("2 new", _out.ToString());
    }

    [Fact]
    public void Importing_the_same_file_again_changes_nothing()
    {
        var path = _bot.File("pupils.csv", GoodPupils);
        Assert.Equal(0, Import("pupils", path));
        var before = Snapshot();
        _bot.Clock.Advance(TimeSpan.FromHours(1)); // a rewrite would now show in the records' timestamps
        Assert.Equal(0, Import("pupils", path));
        Assert.Equal(before, Snapshot());
        Assert.Contains("0 new, 0 changed, 2 unchanged", _out.ToString());
    }

    [Fact]
    public void One_bad_row_among_good_ones_imports_nothing_and_names_the_line()
    {
        var file = GoodPupils + "P-0003,Lily,Evans,2014-02-30,Growth,Riverside,Grace Evans,Mother,grace.evans@example.org,\n";
        Assert.Equal(1, Import("pupils", _bot.File("pupils.csv", file)));
        Assert.Equal(0, Db.Pupils.Count());
        Assert.Equal(0, Db.Guardians.Count());
        Assert.Equal(0, Db.Audit.Count());
        var errors = _err.ToString();
        Assert.Contains("Nothing imported", errors);
        Assert.Contains("line 5: date_of_birth \"2014-02-30\" is not a date", errors);
        Assert.DoesNotContain("line 2", errors);
    }

    [Fact]
    public void Every_bad_line_is_named_with_its_reason()
    {
        var file = PupilHeader + "\n" +
            "P-0001,Sam,Patel,2011-05-14,Growth,N,Priya Patel,Mother,priya.patel@example.org,\n" +   // line 2 good
            "P-0002,Sami,Patil,2012-03-09,Chess Club,N,Ravi Patil,Father,ravi.patil@example.org,\n" + // line 3 programme
            "P-0003,Lily,Evans,2014-06-21,Growth,N,Grace Evans,Mother,,\n" +                          // line 4 email
            "P-0004,Noah,Leap,2031-01-01,Growth,N,Hannah Leap,Mother,hannah.leap@example.org,\n" +    // line 5 future
            "P-0001,Samuel,Patel,2011-05-14,Growth,N,Arjun Patel,Father,arjun.patel@example.org,\n";  // line 6 conflicts with line 2
        Assert.Equal(1, Import("pupils", _bot.File("pupils.csv", file)));
        var errors = _err.ToString();
        Assert.Contains("line 3: unknown programme \"Chess Club\"", errors);
        Assert.Contains("line 4: guardian_email is missing", errors);
        Assert.Contains("line 5: date_of_birth 2031-01-01 is in the future", errors);
        Assert.Contains("line 6: pupil P-0001 is on line 2 with a different name", errors);
        Assert.Equal(0, Db.Pupils.Count());
    }

    [Fact]
    public void Dry_run_checks_and_writes_nothing()
    {
        Assert.Equal(0, Import("pupils", _bot.File("pupils.csv", GoodPupils), "--dry-run"));
        Assert.Equal(0, Db.Pupils.Count());
        Assert.Equal(0, Db.Guardians.Count());
        Assert.Equal(0, Db.Audit.Count());
        Assert.Contains("Would import pupils: 2 new", _out.ToString());
    }

    [Fact]
    public void A_file_without_a_required_column_is_refused()
    {
        var file = "pupil_id,first_name,last_name,date_of_birth,programme\nP-1,Sam,Patel,2011-05-14,Growth\n";
        Assert.Equal(1, Import("pupils", _bot.File("pupils.csv", file)));
        Assert.Contains("has no column school, guardian_name", _err.ToString());
    }

    [Fact]
    public void Mistyped_commands_and_missing_files_are_usage_errors()
    {
        Assert.Throws<CommandLineException>(() => Import("pupils"));
        Assert.Throws<CommandLineException>(() => Import("teachers", _bot.File("x.csv", GoodPupils)));
        Assert.Throws<CommandLineException>(() => Import("pupils", Path.Combine(_bot.Folder, "missing.csv")));
        Assert.Throws<CommandLineException>(() => Import("pupils", _bot.File("x.csv", GoodPupils), "--force"));
    }

    // ---------- consents ----------

    private void ImportGoodPupils() => Assert.Equal(0, Import("pupils", _bot.File("pupils.csv", GoodPupils)));

    private const string GoodConsents = ConsentHeader + "\n" +
        "P-0001,priya.patel@example.org,annual,2026/27,,participation;recording;group,2026-08-24,FORM-001,\n" +
        "P-0001,arjun.patel@example.org,annual,2025/26,,participation;recording,2025-09-05,FORM-002,\n" +
        "P-0002,ravi.patil@example.org,annual,2026/27,,participation;recording,2026-08-25,FORM-003,2026-10-01\n";

    [Fact]
    public void Good_consents_file_imports_with_stable_ids_and_applies_withdrawals()
    {
        ImportGoodPupils();
        Assert.Equal(0, Import("consents", _bot.File("consents.csv", GoodConsents)));
        Assert.Equal(3, Db.Consents.Count());
        var id = ConsentImport.IdFor("P-0001", "priya.patel@example.org", ConsentKind.Annual, 2026, null, new DateOnly(2026, 8, 24));
        var sam = Db.Consents.FindById(id);
        Assert.Equal(ConsentScope.Participation | ConsentScope.Recording | ConsentScope.Group, sam.Covers);
        Assert.Equal(2026, sam.AcademicYearStart);
        Assert.Equal("FORM-001", sam.Evidence);
        Assert.StartsWith("cli:", sam.RecordedBy);
        var sami = Db.Consents.FindOne(c => c.PupilId == "P-0002");
        Assert.True(sami.IsWithdrawn);
        Assert.Equal(PolicyScenario.Local(2026, 10, 1, 0), sami.Withdrawal!.At);
        Assert.Contains(Db.Audit.FindAll(), a => a.Action == "import.consents");
        Assert.Contains(Db.Audit.FindAll(), a => a.Action == "consent.withdrawn");
    }

    [Fact]
    public void Importing_the_same_consents_again_changes_nothing()
    {
        ImportGoodPupils();
        var path = _bot.File("consents.csv", GoodConsents);
        Assert.Equal(0, Import("consents", path));
        var before = Snapshot();
        _bot.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, Import("consents", path));
        Assert.Equal(before, Snapshot());
        Assert.Contains("0 new, 0 changed, 3 unchanged", _out.ToString());
    }

    [Fact]
    public void Bad_consent_rows_are_each_named_and_nothing_is_imported()
    {
        ImportGoodPupils();
        var file = ConsentHeader + "\n" +
            "P-0001,priya.patel@example.org,annual,2026/27,,participation;recording;group,2026-08-24,FORM-001,\n" + // 2 good
            "P-0404,priya.patel@example.org,annual,2026/27,,participation,2026-08-24,FORM-X,\n" +                  // 3 unknown pupil
            "P-0001,priya.patel@example.org,annual,,,participation,2026-08-24,FORM-Y,\n" +                          // 4 no year
            "P-0001,ravi.patil@example.org,annual,2026/27,,participation,2026-08-24,FORM-Z,\n" +                    // 5 not their guardian
            "P-0002,ravi.patil@example.org,annual,2026/27,,participation;swimming,2026-08-24,FORM-W,\n" +           // 6 bad cover
            "P-0002,ravi.patil@example.org,session,,S-NOPE,participation,2026-08-24,FORM-V,\n" +                    // 7 unknown session
            "P-0002,ravi.patil@example.org,annual,2026/27,,participation,24/08/2026,FORM-U,\n" +                    // 8 bad date
            "P-0002,ravi.patil@example.org,annual,2026/27,,participation,2026-08-24,,\n";                           // 9 no evidence
        Assert.Equal(1, Import("consents", _bot.File("consents.csv", file)));
        var errors = _err.ToString();
        Assert.Contains("line 3: unknown pupil id P-0404", errors);
        Assert.Contains("line 4: an annual consent needs academic_year", errors);
        Assert.Contains("line 5: ravi.patil@example.org is not recorded as a parent/guardian of P-0001", errors);
        Assert.Contains("line 6: covers has \"swimming\"", errors);
        Assert.Contains("line 7: unknown session id S-NOPE", errors);
        Assert.Contains("line 8: given_on \"24/08/2026\" is not a date", errors);
        Assert.Contains("line 9: evidence is empty", errors);
        Assert.DoesNotContain("line 2:", errors);
        Assert.Equal(0, Db.Consents.Count());
    }

    [Fact]
    public void A_changed_form_under_the_same_id_is_refused()
    {
        ImportGoodPupils();
        Assert.Equal(0, Import("consents", _bot.File("consents.csv", GoodConsents)));
        var changed = GoodConsents.Replace("participation;recording;group,2026-08-24", "participation,2026-08-24");
        Assert.Equal(1, Import("consents", _bot.File("consents2.csv", changed)));
        Assert.Contains("line 2: consent C-", _err.ToString());
        Assert.Contains("a changed form is a new consent", _err.ToString());
    }

    [Fact]
    public void Importing_a_withdrawal_cancels_the_pupils_future_one_to_one()
    {
        ImportGoodPupils();
        Assert.Equal(0, Import("consents", _bot.File("consents.csv", GoodConsents)));
        Db.AddStaff();
        Db.AddSession("S-ONE", PolicyScenario.Local(2026, 12, 3, 16), SessionKind.OneToOne, "P-0001");
        var withdrawn = GoodConsents.Replace("FORM-001,", "FORM-001,2026-11-01");
        Assert.Equal(0, Import("consents", _bot.File("consents2.csv", withdrawn)));
        var session = Db.Sessions.FindById("S-ONE");
        Assert.Equal(SessionStatus.Cancelled, session.Status);
        Assert.StartsWith("P4:", session.CancelledReason);
        Assert.Contains(Db.Notices.FindAll(), n => n.Recipient == WorldBuilder.Alex && n.Text!.Contains("S-ONE"));
    }

    [Fact]
    public void Dry_run_of_consents_writes_nothing()
    {
        ImportGoodPupils();
        var audits = Db.Audit.Count();
        Assert.Equal(0, Import("consents", _bot.File("consents.csv", GoodConsents), "--dry-run"));
        Assert.Equal(0, Db.Consents.Count());
        Assert.Equal(audits, Db.Audit.Count());
    }
}

/// <summary>The pupils file's optional <c>language</c> column: which language each guardian's e-mails are in.</summary>
public sealed class GuardianLanguageImportTests : IDisposable
{
    private const string Header = "pupil_id,first_name,last_name,date_of_birth,programme,school,guardian_name,guardian_relationship,guardian_email,guardian_phone";

    private readonly BotServices _bot = new(PolicyScenario.Local(2026, 11, 2, 9));
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => _bot.Dispose();

    private int Import(string csv) => DataExchangeCommands.ImportAsync(["pupils", _bot.File("pupils.csv", csv)], _bot.Services, _out, _err).GetAwaiter().GetResult();

    private string LanguageOf(string email) => _bot.Db.Guardians.FindById(email).Language;

    [Fact]
    public void Each_guardian_gets_the_language_of_their_row_and_English_when_it_is_empty()
    {
        Assert.Equal(0, Import(Header + ",language\n" +
            "P-0001,Sam,Patel,2011-05-14,Growth,,Priya Patel,Mother,priya@example.org,,cy\n" +
            "P-0001,Sam,Patel,2011-05-14,Growth,,Arjun Patel,Father,arjun@example.org,,\n" +
            "P-0002,Lily,Evans,2014-06-21,Growth,,Grace Evans,Mother,grace@example.org,,Bilingual\n" +
            "P-0003,Noah,Leap,2012-02-29,Growth,,Hannah Leap,Mother,hannah@example.org,,cy+en\n"));

        Assert.Equal("cy", LanguageOf("priya@example.org"));
        Assert.Equal("en", LanguageOf("arjun@example.org"));
        Assert.Equal("cy-en", LanguageOf("grace@example.org"));
        Assert.Equal("cy-en", LanguageOf("hannah@example.org"));
    }

    [Fact]
    public void A_file_without_the_column_keeps_each_guardians_language()
    {
        Assert.Equal(0, Import(Header + ",language\nP-0001,Sam,Patel,2011-05-14,Growth,,Priya Patel,Mother,priya@example.org,,cy\n"));
        Assert.Equal(0, Import(Header + "\nP-0001,Sam,Patel,2011-05-14,Growth,,Priya Patel,Mother,priya@example.org,07700 900101\n"));

        Assert.Equal("cy", LanguageOf("priya@example.org"));
        Assert.Equal("07700 900101", _bot.Db.Guardians.FindById("priya@example.org").Phone);
    }

    [Fact]
    public void An_unknown_language_or_two_languages_for_one_guardian_refuses_the_file_and_says_why()
    {
        Assert.Equal(1, Import(Header + ",language\n" +
            "P-0001,Sam,Patel,2011-05-14,Growth,,Priya Patel,Mother,priya@example.org,,fr\n" +
            "P-0002,Lily,Evans,2014-06-21,Growth,,Grace Evans,Mother,grace@example.org,,cy\n" +
            "P-0003,Noah,Evans,2012-02-29,Growth,,Grace Evans,Mother,grace@example.org,,en\n"));

        var said = _out.ToString() + _err.ToString();
        Assert.Contains("line 2", said);
        Assert.Contains("language \"fr\" is not one CHEXS writes in (use en", said);
        Assert.Contains("line 4", said);
        Assert.Contains("guardian grace@example.org is on line 3 with a different language", said);
        Assert.Empty(_bot.Db.Guardians.FindAll());
    }
}
