<#
.SYNOPSIS
    Test-TranscriptionConfig against PowerShell's Test-Json with the exported schema, same run, same 10,000 files;
    plus the engine's own throughput (payloads per second on one thread).
.DESCRIPTION
    Generates N configuration files of about 2 KB in a temporary folder (about 60% valid GA payloads, the rest with
    the mistakes users make: beta fields, en-US, rate 16000, a prompt for gpt-4o-transcribe-diarize, syntax errors),
    then times
      Get-ChildItem | Test-TranscriptionConfig
      Get-ChildItem | ForEach-Object { Test-Json -LiteralPath $_.FullName -SchemaFile <Get-RealtimeSessionSchema -OutFile> }
    and prints both times and the ratio (target: at least 3x faster, while also giving line and column).
    Then runs the validator engine in a Stopwatch loop over the same payloads (already in memory) on one thread
    (target: at least 50,000 payloads per second).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/validate.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Count = 10000,
    [double] $EngineSeconds = 5
)
$ErrorActionPreference = 'Stop'
$manifest = Join-Path (Resolve-Path $ModulePath) 'RealtimeOps.psd1'
Import-Module $manifest -Force

$folder = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ("ro-bench-validate-{0}" -f [guid]::NewGuid().ToString('n')))
try {
    $random = [Random]::new(20260301)
    $padding = ('Answer briefly and politely. Confirm names and numbers back to the caller. ' * 16).Substring(0, 1150)
    $mistakes = @(
        { param($s) $s.session.input_audio_transcription = $s.session.audio.input.transcription; $s.session.audio.input.Remove('transcription') },
        { param($s) $s.session.audio.input.transcription.language = 'en-US' },
        { param($s) $s.session.audio.input.format.rate = 16000 },
        { param($s) $s.session.audio.input.transcription.model = 'gpt-4o-transcribe-diarize'; $s.session.audio.input.transcription.prompt = 'names' },
        { param($s) $s.session.temperature = 0.8 },
        { param($s) $s.session.Remove('type') }
    )
    $payloads = [string[]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) {
        $s = [ordered]@{
            expires_after = [ordered]@{ anchor = 'created_at'; seconds = 600 + $i % 600 }
            session       = [ordered]@{
                type         = 'realtime'
                model        = "voice-$($i % 7)"
                instructions = "Caller $i. $padding"
                audio        = [ordered]@{
                    input  = [ordered]@{
                        format         = [ordered]@{ type = 'audio/pcm'; rate = 24000 }
                        noise_reduction = [ordered]@{ type = 'near_field' }
                        transcription  = [ordered]@{ model = 'gpt-4o-transcribe'; language = 'en'; prompt = 'Product names: Contoso, Fabrikam.' }
                        turn_detection = [ordered]@{ type = 'server_vad'; threshold = 0.5; prefix_padding_ms = 300; silence_duration_ms = 500 }
                    }
                    output = [ordered]@{ format = [ordered]@{ type = 'audio/pcm'; rate = 24000 }; voice = 'marin'; speed = 1.0 }
                }
                tools        = @([ordered]@{ type = 'function'; name = 'lookup_order'; description = 'Find an order'; parameters = @{ type = 'object'; properties = @{ id = @{ type = 'string' } } } })
            }
        }
        $roll = $random.Next(100)
        if ($roll -ge 60 -and $roll -lt 95) { & $mistakes[$random.Next($mistakes.Count)] $s }
        $json = $s | ConvertTo-Json -Depth 10
        if ($roll -ge 95) { $json = $json.Substring(0, $json.Length - 3) }   # truncated file: a syntax error
        $payloads[$i] = $json
        [IO.File]::WriteAllText((Join-Path $folder ('cfg-{0:D5}.json' -f $i)), $json)
    }
    $bytes = (Get-ChildItem $folder | Measure-Object Length -Average).Average
    '{0:N0} files, {1:N0} bytes on average, in {2}' -f $Count, $bytes, $folder

    $schema = Join-Path $folder 'session.schema.json.txt'
    Get-RealtimeSessionSchema -OutFile $schema | Out-Null

    # Warm both paths once so JIT and schema loading are not in the timing.
    Get-ChildItem $folder -Filter 'cfg-0000*.json' | Test-TranscriptionConfig -Annotations None | Out-Null
    Get-ChildItem $folder -Filter 'cfg-0000*.json' | ForEach-Object { Test-Json -LiteralPath $_.FullName -SchemaFile $schema -ErrorAction SilentlyContinue } | Out-Null

    $sw = [Diagnostics.Stopwatch]::StartNew()
    $ours = Get-ChildItem $folder -Filter '*.json' | Test-TranscriptionConfig -Annotations None
    $oursTime = $sw.Elapsed.TotalSeconds
    $sw.Restart()
    $theirs = Get-ChildItem $folder -Filter '*.json' | ForEach-Object { Test-Json -LiteralPath $_.FullName -SchemaFile $schema -ErrorAction SilentlyContinue }
    $theirsTime = $sw.Elapsed.TotalSeconds

    $oursInvalid = @($ours | Where-Object { -not $_.IsValid }).Count
    $theirsInvalid = @($theirs | Where-Object { -not $_ }).Count
    ''
    '{0,-62} {1,8:N2} s  ({2:N0} invalid of {3:N0}, with line and column)' -f 'Get-ChildItem | Test-TranscriptionConfig', $oursTime, $oursInvalid, @($ours).Count
    '{0,-62} {1,8:N2} s  ({2:N0} invalid of {3:N0})' -f 'Get-ChildItem | ForEach-Object { Test-Json -SchemaFile }', $theirsTime, $theirsInvalid, @($theirs).Count
    'ratio: Test-TranscriptionConfig is {0:N1}x faster than Test-Json (target: at least 3x)' -f ($theirsTime / $oursTime)

    # The engine alone: a Stopwatch loop in C#. The engine lives in the module's own load context and its validator is
    # internal, so it is reached through a result's assembly and called through a compiled delegate (no reflection per call).
    $engine = @($ours)[0].GetType().Assembly
    $validateJson = $engine.GetType('RealtimeOps.Engine.Validation.ConfigurationValidator', $true).GetMethod('ValidateJson', [Reflection.BindingFlags]'Public, NonPublic, Static')
    $options = [Activator]::CreateInstance($engine.GetType('RealtimeOps.Engine.Validation.ValidationOptions', $true))
    Add-Type -ReferencedAssemblies 'netstandard', 'System.Linq.Expressions' -TypeDefinition @'
using System;
using System.Linq.Expressions;
using System.Reflection;

public static class RealtimeOpsEngineThroughput
{
    public static Func<string, object> Bind(MethodInfo validateJson, object options)
    {
        var json = Expression.Parameter(typeof(string), "json");
        var call = Expression.Call(validateJson, json, Expression.Constant("bench"), Expression.Constant(options, validateJson.GetParameters()[2].ParameterType));
        return Expression.Lambda<Func<string, object>>(call, json).Compile();
    }

    public static long Run(Func<string, object> validate, string[] payloads, double seconds, out double elapsed)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < payloads.Length; i++)
            {
                validate(payloads[i]);
            }
            n += payloads.Length;
        }
        elapsed = sw.Elapsed.TotalSeconds;
        return n;
    }
}
'@
    $validate = [RealtimeOpsEngineThroughput]::Bind($validateJson, $options)
    $warm = 0.0
    [RealtimeOpsEngineThroughput]::Run($validate, $payloads[0..999], 0.5, [ref] $warm) | Out-Null
    $elapsed = 0.0
    $n = [RealtimeOpsEngineThroughput]::Run($validate, $payloads, $EngineSeconds, [ref] $elapsed)
    ''
    'engine: {0:N0} payloads in {1:N2} s on one thread = {2:N0} payloads/s (about {3:N0} bytes each; target: at least 50,000/s)' -f $n, $elapsed, ($n / $elapsed), $bytes
}
finally {
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}
