using System.Net;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartCity.Api.Security;
using SmartCity.Silo.Hosting;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Security;

/// <summary>Tokens and API keys: signed by this twin, unaltered, in time, not revoked; and the admin command that issues them.</summary>
[Collection(SharedTwin.Name)]
public sealed class CredentialTests(TwinFixture twin)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_token_is_good_until_it_expires_even_after_it_was_once_accepted()
    {
        var time = new FakeTimeProvider(Start);
        var issuer = Issuer(time);
        string token = issuer.Issue(new Credential("official:a", [Roles.Official], [], TimeSpan.FromHours(1)));

        var (holder, _) = await issuer.CheckAsync(token);
        Assert.NotNull(holder);
        Assert.Equal("official:a", holder.Subject());
        Assert.True(holder.IsInRole(Roles.Official));
        time.Advance(TimeSpan.FromMinutes(61));

        var (late, failure) = await issuer.CheckAsync(token);
        Assert.Null(late);
        Assert.NotNull(failure);
    }

    [Fact]
    public async Task An_api_key_has_no_expiry_but_a_revoked_one_is_refused()
    {
        var time = new FakeTimeProvider(Start);
        string key = Issuer(time).Issue(new Credential("gateway-1", [Roles.Sensor], ["bay:*"], null));
        string id = new JsonWebToken(key).Id;
        time.Advance(TimeSpan.FromDays(400));

        Assert.NotNull((await Issuer(time).CheckAsync(key)).Holder);
        var revoking = new TokenIssuer(SigningKey.FromBase64(TestCredentials.SigningKey, "test"), new SecurityOptions { RevokedIds = [id] }, time);
        Assert.Null((await revoking.CheckAsync(key)).Holder);
    }

    [Fact]
    public async Task A_token_altered_or_signed_with_another_key_is_refused()
    {
        var time = new FakeTimeProvider(Start);
        string token = Issuer(time).Issue(new Credential("citizen:1", [Roles.Citizen], [], TimeSpan.FromHours(1)));
        string[] parts = token.Split('.');
        // The same token claiming admin: the signature no longer matches.
        string admin = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"citizen\"", "\"admin\"", StringComparison.Ordinal));
        var otherTwin = new TokenIssuer(SigningKey.FromBase64(SigningKey.NewBase64(), "test"), new SecurityOptions(), time);

        Assert.Null((await Issuer(time).CheckAsync($"{parts[0]}.{admin}.{parts[2]}")).Holder);
        Assert.Null((await otherTwin.CheckAsync(token)).Holder);
        Assert.Null((await Issuer(time).CheckAsync("not-a-token")).Holder);
    }

    [Fact]
    public async Task The_twin_answers_an_expired_or_foreign_token_with_401_problem_details()
    {
        var yesterday = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1));
        string expired = Issuer(yesterday).Issue(new Credential("planner-1", [Roles.Planner], [], TimeSpan.FromHours(1)));
        string foreign = new TokenIssuer(SigningKey.FromBase64(SigningKey.NewBase64(), "test"), new SecurityOptions(), TimeProvider.System)
            .Issue(new Credential("planner-1", [Roles.Planner], [], TimeSpan.FromHours(1)));

        foreach (string token in new[] { expired, foreign })
        {
            using var http = twin.ClientWith(token);
            using var response = await http.GetAsync("/api/planning/snapshot");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_admin_command_prints_a_key_the_twin_accepts_for_the_roles_and_entities_asked()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = TokenCommand.Run(
            ["--role", "sensor", "--subject", "gateway-9", "--entities", "bay:*", "--key", TestCredentials.SigningKeyArgument], output, error);

        Assert.Equal(0, exit);
        var (holder, _) = await Issuer(TimeProvider.System).CheckAsync(output.ToString().Trim());
        Assert.NotNull(holder);
        Assert.Equal("gateway-9", holder.Subject());
        Assert.True(holder.IsInRole(Roles.Sensor));
        Assert.True(holder.MaySendReadingsFor("bay:x-1"));
        Assert.False(holder.MaySendReadingsFor("facility:x-1"));
        Assert.Equal(DateTime.MinValue, new JsonWebToken(output.ToString().Trim()).ValidTo);
    }

    [Theory]
    [InlineData("--subject", "x")]
    [InlineData("--role", "mayor", "--subject", "x")]
    [InlineData("--role", "official")]
    [InlineData("--role", "official", "--subject", "x", "--entities", "bay:*")]
    [InlineData("--role", "official", "--subject", "x", "--days", "-1")]
    public void The_admin_command_refuses_what_it_cannot_issue_and_says_why(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = TokenCommand.Run([.. args, TestCredentials.SigningKeyArgument], output, error);

        Assert.Equal(2, exit);
        Assert.Empty(output.ToString());
        Assert.Contains("usage: token", error.ToString(), StringComparison.Ordinal);
    }

    private static TokenIssuer Issuer(TimeProvider time) =>
        new(SigningKey.FromBase64(TestCredentials.SigningKey, "test"), new SecurityOptions(), time);
}
