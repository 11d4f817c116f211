using Google.Protobuf.WellKnownTypes;
using Supervision.Intake.Domain;
using Supervision.Intake.V1;

namespace Supervision.Intake.Tests;

public sealed class SubmissionValidatorTests
{
    private const int AccountMaxLength = 5000;
    private const string Account = "该干部在干部选拔推荐过程中打招呼、说情，要求下属单位推荐其亲属，群众反映强烈。";
    private const string ValidCadreId = "c-0001";
    private const string ValidUnitId = "u-370800-party";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static SubmitReportRequest RealName() => new()
    {
        Channel = Channel.Online,
        Category = Category.CadreSelectionAndAppointment,
        Reporter = new Reporter
        {
            Name = "张三",
            Phone = "13812345678",
            IdNumber = ResidentIdNumbers.KnownValid,
            Address = "山东省济宁市任城区古槐路1号",
            PreferredFeedbackChannel = FeedbackChannel.Phone,
        },
        Subjects =
        {
            new Subject { CadreId = ValidCadreId, UnitId = ValidUnitId, DivisionCode = "370800" },
            new Subject { Name = "李四", Post = "镇长", UnitName = "长沟镇人民政府", DivisionCode = "370811101" },
        },
        OccurredAt = Timestamp.FromDateTimeOffset(Now.AddDays(-30)),
        OccurredPlace = "长沟镇政府会议室",
        Account = Account,
        ReceivingDivisionCode = "370800",
        IdempotencyKey = "0f8e1c2a-7b3d-4e5f_9a",
    };

    private static SubmitReportRequest Anonymous()
    {
        var request = RealName();
        request.Reporter = new Reporter { Anonymous = true, PreferredFeedbackChannel = FeedbackChannel.Online };
        return request;
    }

    private static List<string> Violations(SubmitReportRequest request, int accountMaxLength = AccountMaxLength) =>
        SubmissionValidator.Validate(request, JiningDirectory.Instance, accountMaxLength, Now).Fields.ToList();

    private static void AssertOnly(string field, SubmitReportRequest request, int accountMaxLength = AccountMaxLength) =>
        Assert.Equal([field], Violations(request, accountMaxLength));

    private static void AssertNone(SubmitReportRequest request, int accountMaxLength = AccountMaxLength) =>
        Assert.Empty(Violations(request, accountMaxLength));

    private static string Chinese(int characters) => new('举', characters);

    [Fact]
    public void Should_accept_a_valid_real_name_request() => AssertNone(RealName());

    [Fact]
    public void Should_accept_a_valid_anonymous_request() => AssertNone(Anonymous());

    [Fact]
    public void Should_accept_an_anonymous_request_without_a_feedback_channel()
    {
        var request = Anonymous();
        request.Reporter.PreferredFeedbackChannel = FeedbackChannel.Unspecified;
        AssertNone(request);
    }

    [Fact]
    public void Should_accept_the_smallest_real_name_request()
    {
        var request = new SubmitReportRequest
        {
            Channel = Channel.Hotline,
            Category = Category.Other,
            Reporter = new Reporter { Name = "王五", Phone = "0537-2345678" },
            Subjects = { new Subject { UnitName = "某局" } },
            Account = Chinese(SubmissionValidator.AccountMinLength),
            ReceivingDivisionCode = "370883",
        };
        AssertNone(request);
    }

    [Fact]
    public void Should_report_every_missing_field_at_once()
    {
        var fields = Violations(new SubmitReportRequest());
        Assert.Equal(["channel", "category", "reporter", "subjects", "account", "receiving_division_code"], fields);
    }

    [Fact]
    public void Should_require_a_channel()
    {
        var request = RealName();
        request.Channel = Channel.Unspecified;
        AssertOnly("channel", request);
    }

    [Fact]
    public void Should_refuse_an_unknown_channel()
    {
        var request = RealName();
        request.Channel = (Channel)99;
        AssertOnly("channel", request);
    }

    [Fact]
    public void Should_accept_every_defined_channel()
    {
        foreach (var channel in System.Enum.GetValues<Channel>().Where(c => c != Channel.Unspecified))
        {
            var request = RealName();
            request.Channel = channel;
            // A team on tour receives reports for its tour.
            request.TourId = channel == Channel.InspectionTeam ? Guid.NewGuid().ToString() : "";
            AssertNone(request);
        }
    }

    [Fact]
    public void Should_require_the_tour_on_the_inspection_team_channel_only_and_as_an_id()
    {
        var request = RealName();
        request.Channel = Channel.InspectionTeam;
        AssertOnly("tour_id", request);

        request.TourId = "tour-7";
        AssertOnly("tour_id", request);

        request.TourId = Guid.Empty.ToString();
        AssertOnly("tour_id", request);

        request.Channel = Channel.Hotline;
        request.TourId = Guid.NewGuid().ToString();
        AssertOnly("tour_id", request);
    }

    [Fact]
    public void Should_require_a_category()
    {
        var request = RealName();
        request.Category = Category.Unspecified;
        AssertOnly("category", request);
    }

    [Fact]
    public void Should_refuse_an_unknown_category()
    {
        var request = RealName();
        request.Category = (Category)42;
        AssertOnly("category", request);
    }

    [Fact]
    public void Should_require_a_reporter()
    {
        var request = RealName();
        request.Reporter = null;
        AssertOnly("reporter", request);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("phone")]
    [InlineData("id_number")]
    [InlineData("address")]
    public void Should_refuse_identity_on_an_anonymous_report(string field)
    {
        var request = Anonymous();
        switch (field)
        {
            case "name": request.Reporter.Name = "张三"; break;
            case "phone": request.Reporter.Phone = "13812345678"; break;
            case "id_number": request.Reporter.IdNumber = ResidentIdNumbers.KnownValid; break;
            case "address": request.Reporter.Address = "济宁市"; break;
        }
        AssertOnly($"reporter.{field}", request);
    }

    [Fact]
    public void Should_name_every_identity_field_given_on_an_anonymous_report()
    {
        var request = RealName();
        request.Reporter.Anonymous = true;
        request.Reporter.PreferredFeedbackChannel = FeedbackChannel.Online;
        Assert.Equal(["reporter.name", "reporter.phone", "reporter.id_number", "reporter.address"], Violations(request));
    }

    [Theory]
    [InlineData(FeedbackChannel.Phone)]
    [InlineData(FeedbackChannel.Sms)]
    [InlineData(FeedbackChannel.Letter)]
    [InlineData(FeedbackChannel.InPerson)]
    public void Should_refuse_offline_feedback_for_an_anonymous_reporter(FeedbackChannel channel)
    {
        var request = Anonymous();
        request.Reporter.PreferredFeedbackChannel = channel;
        AssertOnly("reporter.preferred_feedback_channel", request);
    }

    [Fact]
    public void Should_refuse_an_unknown_feedback_channel()
    {
        var request = RealName();
        request.Reporter.PreferredFeedbackChannel = (FeedbackChannel)17;
        AssertOnly("reporter.preferred_feedback_channel", request);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Should_require_a_name_for_a_real_name_report(string name)
    {
        var request = RealName();
        request.Reporter.Name = name;
        AssertOnly("reporter.name", request);
    }

    [Fact]
    public void Should_count_the_name_in_characters()
    {
        var request = RealName();
        request.Reporter.Name = Chinese(SubmissionValidator.NameMaxLength);
        AssertNone(request);

        request.Reporter.Name = Chinese(SubmissionValidator.NameMaxLength + 1);
        AssertOnly("reporter.name", request);
    }

    [Theory]
    [InlineData("张\n三")]
    [InlineData("张\t三")]
    [InlineData("张\u0000三")]
    [InlineData("张\u001b三")]
    public void Should_refuse_control_characters_in_the_name(string name)
    {
        var request = RealName();
        request.Reporter.Name = name;
        AssertOnly("reporter.name", request);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Should_require_a_phone_for_a_real_name_report(string phone)
    {
        var request = RealName();
        request.Reporter.Phone = phone;
        AssertOnly("reporter.phone", request);
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("15012345678")]
    [InlineData("19999999999")]
    [InlineData("0537-2345678")]
    [InlineData("05372345678")]
    [InlineData("010-12345678")]
    [InlineData("01012345678")]
    [InlineData("0537-23456789")]
    public void Should_accept_mobile_and_landline_numbers(string phone)
    {
        var request = RealName();
        request.Reporter.Phone = phone;
        AssertNone(request);
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("10812345678")]
    [InlineData("23812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("138-1234-5678")]
    [InlineData("138 1234 5678")]
    [InlineData("+8613812345678")]
    [InlineData("1381234567a")]
    [InlineData("１３８１２３４５６７８")]
    [InlineData("0537-234567")]
    [InlineData("0537-234567890")]
    [InlineData("537-2345678")]
    [InlineData("05-2345678")]
    [InlineData("05371-2345678")]
    [InlineData("0537--2345678")]
    [InlineData(" 13812345678")]
    [InlineData("13812345678 ")]
    public void Should_refuse_malformed_phone_numbers(string phone)
    {
        var request = RealName();
        request.Reporter.Phone = phone;
        AssertOnly("reporter.phone", request);
    }

    [Theory]
    [InlineData("13812345678\n")]
    [InlineData("0537-2345678\n")]
    public void Should_refuse_a_phone_number_with_a_trailing_line_break(string phone)
    {
        var request = RealName();
        request.Reporter.Phone = phone;
        AssertOnly("reporter.phone", request);
    }

    [Fact]
    public void Should_accept_a_real_name_report_without_an_id_number()
    {
        var request = RealName();
        request.Reporter.IdNumber = "";
        AssertNone(request);
    }

    [Theory]
    [InlineData(ResidentIdNumbers.KnownValid)]
    [InlineData("11010519491231002x")]
    public void Should_accept_a_known_valid_id_number(string idNumber)
    {
        var request = RealName();
        request.Reporter.IdNumber = idNumber;
        AssertNone(request);
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("110105194912310020")]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002X0")]
    [InlineData("1101051949123100XX")]
    [InlineData("A1010519491231002X")]
    [InlineData("110105 9491231002X")]
    [InlineData("１１０１０５１９４９１２３１００２X")]
    public void Should_refuse_an_invalid_id_number(string idNumber)
    {
        var request = RealName();
        request.Reporter.IdNumber = idNumber;
        AssertOnly("reporter.id_number", request);
    }

    [Fact]
    public void Should_refuse_an_id_number_with_a_trailing_line_break()
    {
        var request = RealName();
        request.Reporter.IdNumber = ResidentIdNumbers.KnownValid + "\n";
        AssertOnly("reporter.id_number", request);
    }

    [Fact]
    public void Should_accept_exactly_the_computed_check_character()
    {
        var random = new Random(11643);
        for (var n = 0; n < 500; n++)
        {
            var first17 = string.Concat(Enumerable.Range(0, 17).Select(_ => (char)('0' + random.Next(10))));
            var expected = ResidentIdNumbers.CheckCharacter(first17);
            foreach (var check in "0123456789X")
            {
                Assert.Equal(check == expected, SubmissionValidator.IsValidResidentIdNumber(first17 + check));
            }
        }
    }

    [Fact]
    public void Should_count_the_address_in_characters()
    {
        var request = RealName();
        request.Reporter.Address = Chinese(SubmissionValidator.AddressMaxLength);
        AssertNone(request);

        request.Reporter.Address = Chinese(SubmissionValidator.AddressMaxLength + 1);
        AssertOnly("reporter.address", request);
    }

    [Fact]
    public void Should_require_at_least_one_subject()
    {
        var request = RealName();
        request.Subjects.Clear();
        AssertOnly("subjects", request);
    }

    [Fact]
    public void Should_accept_ten_subjects_and_refuse_eleven()
    {
        var request = RealName();
        request.Subjects.Clear();
        for (var i = 0; i < SubmissionValidator.MaxSubjects; i++)
        {
            request.Subjects.Add(new Subject { Name = $"干部{i}" });
        }
        AssertNone(request);

        request.Subjects.Add(new Subject { Name = "干部10" });
        AssertOnly("subjects", request);
    }

    [Fact]
    public void Should_name_the_index_of_an_unknown_cadre()
    {
        var request = RealName();
        request.Subjects[1].CadreId = "c-9999";
        AssertOnly("subjects[1].cadre_id", request);
    }

    [Fact]
    public void Should_name_the_index_of_an_unknown_unit()
    {
        var request = RealName();
        request.Subjects[1].UnitId = "u-nowhere";
        AssertOnly("subjects[1].unit_id", request);
    }

    [Fact]
    public void Should_name_the_index_of_an_unknown_division()
    {
        var request = RealName();
        request.Subjects[0].DivisionCode = "110105";
        AssertOnly("subjects[0].division_code", request);
    }

    [Fact]
    public void Should_match_directory_ids_exactly()
    {
        var request = RealName();
        request.Subjects[0].CadreId = ValidCadreId.ToUpperInvariant();
        request.Subjects[0].UnitId = ValidUnitId + " ";
        Assert.Equal(["subjects[0].cadre_id", "subjects[0].unit_id"], Violations(request));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData(" ", "\t")]
    public void Should_refuse_a_subject_that_names_nobody(string name, string unitName)
    {
        var request = RealName();
        request.Subjects[1] = new Subject { Name = name, UnitName = unitName, Post = "镇长", DivisionCode = "370811" };
        AssertOnly("subjects[1]", request);
    }

    [Theory]
    [InlineData("cadre_id")]
    [InlineData("unit_id")]
    [InlineData("name")]
    [InlineData("unit_name")]
    public void Should_accept_a_subject_named_by_any_one_field(string field)
    {
        var request = RealName();
        var subject = new Subject();
        switch (field)
        {
            case "cadre_id": subject.CadreId = ValidCadreId; break;
            case "unit_id": subject.UnitId = ValidUnitId; break;
            case "name": subject.Name = "李四"; break;
            case "unit_name": subject.UnitName = "某局"; break;
        }
        request.Subjects[1] = subject;
        AssertNone(request);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("post")]
    [InlineData("unit_name")]
    public void Should_count_subject_text_in_characters(string field)
    {
        void Set(Subject subject, string value)
        {
            switch (field)
            {
                case "name": subject.Name = value; break;
                case "post": subject.Post = value; break;
                case "unit_name": subject.UnitName = value; break;
            }
        }

        var request = RealName();
        Set(request.Subjects[1], Chinese(SubmissionValidator.SubjectFieldMaxLength));
        AssertNone(request);

        Set(request.Subjects[1], Chinese(SubmissionValidator.SubjectFieldMaxLength + 1));
        AssertOnly($"subjects[1].{field}", request);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    public void Should_require_an_account(string account)
    {
        var request = RealName();
        request.Account = account;
        AssertOnly("account", request);
    }

    [Fact]
    public void Should_accept_an_account_of_5000_chinese_characters_and_refuse_5001()
    {
        var request = RealName();
        request.Account = Chinese(5000);
        AssertNone(request);

        request.Account = Chinese(5001);
        AssertOnly("account", request);
    }

    [Fact]
    public void Should_count_characters_outside_the_basic_plane_once()
    {
        const string supplementaryIdeograph = "\U00020000";
        var request = RealName();
        request.Account = string.Concat(Enumerable.Repeat(supplementaryIdeograph, 5000));
        Assert.Equal(10000, request.Account.Length);
        AssertNone(request);

        request.Account += supplementaryIdeograph;
        AssertOnly("account", request);
    }

    [Fact]
    public void Should_use_the_configured_account_limit()
    {
        var request = RealName();
        request.Account = Chinese(100);
        AssertNone(request, accountMaxLength: 100);
        AssertOnly("account", request, accountMaxLength: 99);
    }

    [Fact]
    public void Should_require_an_account_of_at_least_ten_characters()
    {
        var request = RealName();
        request.Account = Chinese(SubmissionValidator.AccountMinLength);
        AssertNone(request);

        request.Account = Chinese(SubmissionValidator.AccountMinLength - 1);
        AssertOnly("account", request);
    }

    [Fact]
    public void Should_allow_line_breaks_and_tabs_in_the_account()
    {
        var request = RealName();
        request.Account = "第一段：" + Account + "\r\n\t第二段：" + Account + "\n";
        AssertNone(request);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b[31m")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public void Should_refuse_other_control_characters_in_the_account(string control)
    {
        var request = RealName();
        request.Account = Account + control + Account;
        AssertOnly("account", request);
    }

    [Fact]
    public void Should_accept_a_report_without_a_time_or_place()
    {
        var request = RealName();
        request.OccurredAt = null;
        request.OccurredPlace = "";
        AssertNone(request);
    }

    [Fact]
    public void Should_tolerate_five_minutes_of_clock_skew_in_occurred_at()
    {
        var request = RealName();
        request.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(5));
        AssertNone(request);

        request.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(5).AddSeconds(1));
        AssertOnly("occurred_at", request);
    }

    [Fact]
    public void Should_refuse_an_occurred_at_far_in_the_future()
    {
        var request = RealName();
        request.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddYears(1));
        AssertOnly("occurred_at", request);
    }

    [Theory]
    [InlineData(0L, -1)]
    [InlineData(0L, 1_000_000_000)]
    [InlineData(-62135596801L, 0)]
    [InlineData(253402300800L, 0)]
    [InlineData(long.MaxValue, 0)]
    public void Should_refuse_an_occurred_at_that_is_not_a_valid_timestamp(long seconds, int nanos)
    {
        var request = RealName();
        request.OccurredAt = new Timestamp { Seconds = seconds, Nanos = nanos };
        AssertOnly("occurred_at", request);
    }

    [Fact]
    public void Should_accept_the_earliest_valid_timestamp()
    {
        var request = RealName();
        request.OccurredAt = new Timestamp { Seconds = -62135596800L };
        AssertNone(request);
    }

    [Fact]
    public void Should_count_the_occurred_place_in_characters()
    {
        var request = RealName();
        request.OccurredPlace = Chinese(SubmissionValidator.PlaceMaxLength);
        AssertNone(request);

        request.OccurredPlace = Chinese(SubmissionValidator.PlaceMaxLength + 1);
        AssertOnly("occurred_place", request);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Should_require_a_receiving_division(string code)
    {
        var request = RealName();
        request.ReceivingDivisionCode = code;
        AssertOnly("receiving_division_code", request);
    }

    [Theory]
    [InlineData("370800")]
    [InlineData("370883")]
    [InlineData("370811101")]
    public void Should_accept_a_receiving_division_in_the_directory(string code)
    {
        var request = RealName();
        request.ReceivingDivisionCode = code;
        AssertNone(request);
    }

    [Theory]
    [InlineData("370899")]
    [InlineData("110105")]
    [InlineData(" 370800")]
    public void Should_refuse_an_unknown_receiving_division(string code)
    {
        var request = RealName();
        request.ReceivingDivisionCode = code;
        AssertOnly("receiving_division_code", request);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("ABCDEF-0123_4567")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public void Should_accept_a_well_formed_or_missing_idempotency_key(string key)
    {
        var request = RealName();
        request.IdempotencyKey = key;
        AssertNone(request);
    }

    [Fact]
    public void Should_accept_an_idempotency_key_of_100_characters_and_refuse_101()
    {
        var request = RealName();
        request.IdempotencyKey = new string('k', 100);
        AssertNone(request);

        request.IdempotencyKey = new string('k', 101);
        AssertOnly("idempotency_key", request);
    }

    [Theory]
    [InlineData("abcdefghijklmno")]
    [InlineData("abcdefghijklmnop.")]
    [InlineData("abcdefghij klmnop")]
    [InlineData("举报举报举报举报举报举报举报举报")]
    public void Should_refuse_a_malformed_idempotency_key(string key)
    {
        var request = RealName();
        request.IdempotencyKey = key;
        AssertOnly("idempotency_key", request);
    }

    [Fact]
    public void Should_count_text_length_in_unicode_scalar_values()
    {
        Assert.Equal(0, SubmissionValidator.TextLength(""));
        Assert.Equal(4, SubmissionValidator.TextLength("干部监督"));
        Assert.Equal(2, SubmissionValidator.TextLength("\U00020000\U0002A6D6"));
        Assert.Equal(3, SubmissionValidator.TextLength("a中\U0001F600"));
    }
}
