using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Telegram.Gemini;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests;

public class GeminiMarketNoteTests
{
    private const string Key = "AIzaSy-test-gemini-KEY-0123456789";
    private static CancellationToken None => CancellationToken.None;
    private readonly LogSink _logs = new();

    [Fact]
    public async Task Describe_Success_ReturnsTheTextWithoutThoughtPartsAndSendsTheDocumentedRequest()
    {
        await using var server = new FakeGemini
        {
            Reply = (_, _) => (200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"BTC trades above its 4h EMA;\n"},{"text":"  volume is rising."}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":40,"totalTokenCount":50}}
                """),
        };
        using var http = new HttpClient();
        var note = Note(http, server.BaseUrl);
        var bias = new MacroBias("BTCUSDT", Direction.Long, 84, Samples.CandleMs, Samples.CandleMs + 14_400_000);

        var text = await note.DescribeAsync(bias, RealCandles.Btc().Take(30).ToList(), None);

        Assert.Equal("BTC trades above its 4h EMA; volume is rising.", text);
        var request = server.Requests.Single();
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", request.Path);
        Assert.Equal(Key, request.ApiKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("user", body.RootElement.GetProperty("contents")[0].GetProperty("role").GetString());
        Assert.Contains("BTCUSDT", body.RootElement.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.True(body.RootElement.TryGetProperty("systemInstruction", out _));
        Assert.Equal(256, body.RootElement.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
    }

    [Fact]
    public async Task Generate_NoKey_ReturnsNullWithoutAnyRequest()
    {
        await using var server = new FakeGemini();
        using var http = new HttpClient();
        var note = new GeminiMarketNote(http, new GeminiOptions { BaseUrl = server.BaseUrl }, TimeProvider.System, _logs.For<GeminiMarketNote>());

        Assert.Null(await note.GenerateAsync("anything", None));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(500, """{"error":{"code":500,"message":"internal","status":"INTERNAL"}}""")]
    [InlineData(429, """{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}""")]
    [InlineData(200, """{"promptFeedback":{"blockReason":"SAFETY"}}""")]
    [InlineData(200, """{"candidates":[{"content":{"parts":[{"text":"   "}]}}]}""")]
    [InlineData(200, "not json")]
    public async Task Generate_FailureBlockedOrEmpty_ReturnsNullAndLogsWhy(int status, string json)
    {
        await using var server = new FakeGemini { Reply = (_, _) => (status, json) };
        using var http = new HttpClient();

        var text = await Note(http, server.BaseUrl).GenerateAsync("prompt", None);

        Assert.Null(text);
        Assert.Contains(_logs.Lines, l => l.Contains("Gemini note skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_SlowerThanTheTimeout_ReturnsNull()
    {
        await using var server = new FakeGemini { Latency = TimeSpan.FromSeconds(3), Reply = (_, _) => (200, """{"candidates":[]}""") };
        using var http = new HttpClient();
        var note = new GeminiMarketNote(
            http, new GeminiOptions { ApiKey = Key, BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System, _logs.For<GeminiMarketNote>());

        var text = await note.GenerateAsync("prompt", None);

        Assert.Null(text);
        Assert.Contains(_logs.Lines, l => l.Contains("no answer within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_LongAnswer_CutToTheNoteLimit()
    {
        var longText = string.Concat(Enumerable.Repeat("word ", 200));
        await using var server = new FakeGemini { Reply = (_, _) => (200, JsonSerializer.Serialize(new { candidates = new[] { new { content = new { parts = new[] { new { text = longText } } } } } })) };
        using var http = new HttpClient();

        var text = await Note(http, server.BaseUrl).GenerateAsync("prompt", None);

        Assert.NotNull(text);
        Assert.Equal(300, text.Length);
        Assert.EndsWith("…", text);
    }

    [Fact]
    public void Options_BadModel_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new GeminiOptions { Model = "../evil" }.Validate());

        Assert.Contains("Gemini model", e.Message);
    }

    private GeminiMarketNote Note(HttpClient http, Uri baseUrl) =>
        new(http, new GeminiOptions { ApiKey = Key, BaseUrl = baseUrl }, TimeProvider.System, _logs.For<GeminiMarketNote>());
}
