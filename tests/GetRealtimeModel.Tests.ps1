# Get-RealtimeModel as users call it: filters, region spellings, errors, pipeline binding, completion and the table view.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest
}

Describe 'Get-RealtimeModel' {
    Context 'the whole catalog' {
        It 'returns catalog objects with every documented property' {
            $models = @(Get-RealtimeModel)
            $models.Count | Should -BeGreaterThan 5
            $models[0].PSObject.TypeNames[0] | Should -Be 'RealtimeOps.Engine.Catalog.RealtimeModel'
            foreach ($property in 'Name', 'Kind', 'Versions', 'Regions', 'AcceptsPrompt', 'Notes', 'Source', 'AsOf') {
                $models[0].PSObject.Properties.Name | Should -Contain $property
            }
            $models.Name | Should -Contain 'gpt-realtime'
            $models.Name | Should -Contain 'whisper-1'
        }

        It 'names each source and gives its URL' {
            foreach ($model in Get-RealtimeModel) {
                $model.Source | Should -Not -BeNullOrEmpty -Because $model.Name
                $model.SourceUrls | Should -Not -BeNullOrEmpty -Because $model.Name
                $model.SourceUrls | ForEach-Object { $_ | Should -Match '^https://(learn\.microsoft\.com|github\.com)/' }
            }
        }

        It 'returns the documented transcription models with their prompt rules' {
            $transcription = Get-RealtimeModel -Kind Transcription
            $transcription.Name | Should -Contain 'gpt-4o-transcribe'
            ($transcription | Where-Object Name -eq 'gpt-4o-transcribe-diarize').AcceptsPrompt | Should -BeFalse
            ($transcription | Where-Object Name -eq 'gpt-4o-transcribe').AcceptsPrompt | Should -BeTrue
        }
    }

    Context '-Name' {
        It 'filters by wildcard' {
            $models = @(Get-RealtimeModel -Name '*transcribe*')
            $models.Count | Should -BeGreaterThan 1
            $models.Name | Should -Contain 'gpt-4o-transcribe-diarize'
            $models.Name | ForEach-Object { $_ | Should -BeLike '*transcribe*' }
        }

        It 'matches exact names without regard to case' {
            (Get-RealtimeModel -Name 'GPT-REALTIME').Name | Should -Be 'gpt-realtime'
        }

        It 'takes several names, including a mix of exact names and wildcards' {
            $names = (Get-RealtimeModel -Name 'whisper-1', 'gpt-realtime-mini*').Name
            $names | Should -Contain 'whisper-1'
            $names | Should -Contain 'gpt-realtime-mini'
            $names | Should -Contain 'gpt-realtime-mini-2025-12-15'
            $names | Should -Not -Contain 'gpt-realtime'
        }

        It 'writes ModelNotInCatalog for an unknown exact name and still returns the others' {
            $found = Get-RealtimeModel -Name 'gpt-5-voice', 'whisper-1' -ErrorVariable problems -ErrorAction SilentlyContinue
            $found.Name | Should -Be 'whisper-1'
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ModelNotInCatalog,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].TargetObject | Should -Be 'gpt-5-voice'
            $problems[0].ToString() | Should -Match 'gpt-5-voice'
        }

        It 'writes no error when a wildcard matches nothing' {
            $found = Get-RealtimeModel -Name 'nothing-like-this*' -ErrorVariable problems -ErrorAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            $problems.Count | Should -Be 0
        }

        It 'reports an exact name that -Kind filters out as not in the catalog for that kind' {
            $found = Get-RealtimeModel -Name 'gpt-realtime' -Kind Transcription -ErrorVariable problems -ErrorAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotInCatalog,*'
            $problems[0].ToString() | Should -Match '-Kind/-Region'
        }
    }

    Context '-Kind' {
        It 'returns only <_> models' -ForEach 'Realtime', 'Transcription' {
            $kind = $_
            $models = @(Get-RealtimeModel -Kind $kind)
            $models.Count | Should -BeGreaterThan 0
            $models | ForEach-Object { $_.Kind.ToString() | Should -Be $kind }
        }

        It 'rejects a kind that does not exist' {
            { Get-RealtimeModel -Kind Chat } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
        }
    }

    Context '-Region' {
        It "accepts the region written as '<_>'" -ForEach 'swedencentral', 'Sweden Central', 'SwedenCentral' {
            $models = @(Get-RealtimeModel -Region $_)
            $models.Name | Should -Contain 'gpt-realtime'
            $models.Name | Should -Contain 'gpt-4o-transcribe'
            # whisper-1 lists no region in the sources, so a region filter leaves it out.
            $models.Name | Should -Not -Contain 'whisper-1'
            $models | ForEach-Object { $_.Regions | Should -Contain 'swedencentral' }
        }

        It 'gives the same models for every spelling of a region' {
            $a = (Get-RealtimeModel -Region swedencentral).Name -join ','
            $b = (Get-RealtimeModel -Region 'Sweden Central').Name -join ','
            $c = (Get-RealtimeModel -Region SwedenCentral).Name -join ','
            $b | Should -Be $a
            $c | Should -Be $a
        }

        It 'shows Central US with realtime models but no transcription model' {
            $central = @(Get-RealtimeModel -Region 'Central US')
            $central.Name | Should -Contain 'gpt-realtime'
            $central.Name | Should -Contain 'gpt-realtime-mini'
            $transcription = Get-RealtimeModel -Region centralus -Kind Transcription -ErrorVariable problems
            $transcription | Should -BeNullOrEmpty
            $problems.Count | Should -Be 0
        }

        It 'writes RegionNotRecognized for a region Azure does not have' {
            $found = Get-RealtimeModel -Region 'Atlantis North' -ErrorVariable problems -ErrorAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'RegionNotRecognized,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $problems[0].TargetObject | Should -Be 'Atlantis North'
            $problems[0].ErrorDetails.RecommendedAction | Should -Match 'swedencentral'
        }

        It 'stops with the error when -ErrorAction Stop is given' {
            { Get-RealtimeModel -Region atlantis -ErrorAction Stop } | Should -Throw -ErrorId 'RegionNotRecognized,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
        }
    }

    Context 'pipeline input' {
        It 'takes model names by value' {
            $models = 'gpt-realtime', 'whisper-1' | Get-RealtimeModel
            $models.Name | Should -Be @('gpt-realtime', 'whisper-1')
        }

        It 'takes Name and Region by property name' {
            $model = [pscustomobject]@{ Name = 'gpt-4o-transcribe'; Region = 'Sweden Central' } | Get-RealtimeModel
            $model.Name | Should -Be 'gpt-4o-transcribe'
        }

        It 'binds a Region property to -Region, and never reads ARM for a piped Location property' {
            $inputs = @(
                [pscustomobject]@{ Name = 'gpt-4o-transcribe'; Region = 'centralus' }
                [pscustomobject]@{ Name = 'gpt-4o-transcribe'; Region = 'eastus2' }
            )
            $found = $inputs | Get-RealtimeModel -ErrorVariable problems -ErrorAction SilentlyContinue
            @($found).Count | Should -Be 1
            $found.Name | Should -Be 'gpt-4o-transcribe'
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotInCatalog,*'
            # -Location is the live read and is only ever given explicitly: an Azure resource piped in stays offline.
            $offline = [pscustomobject]@{ Name = 'gpt-4o-transcribe'; Location = 'centralus' } | Get-RealtimeModel -ErrorVariable none
            $offline.IsLive | Should -BeFalse
            $none.Count | Should -Be 0
        }

        It 'round-trips its own output back into itself' {
            $again = Get-RealtimeModel -Kind Realtime | Get-RealtimeModel
            ($again.Name -join ',') | Should -Be ((Get-RealtimeModel -Kind Realtime).Name -join ',')
        }
    }

    Context '-Location (live, from Azure Resource Manager)' {
        It 'needs a connection: without one it stops with the connection error and reads nothing' {
            { Get-RealtimeModel -Location swedencentral -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionEndpointMissing,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
        }

        It 'rejects a name that is not a region before connecting' {
            { Get-RealtimeModel -Location 'north/../pole' -ErrorAction Stop } | Should -Throw -ErrorId 'RegionNotRecognized,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
        }

        It 'cannot be combined with the offline -Region filter' {
            { Get-RealtimeModel -Location swedencentral -Region swedencentral -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,RealtimeOps.Cmdlets.GetRealtimeModelCommand'
        }

        It 'offers regions for -Location' {
            $line = 'Get-RealtimeModel -Location swed'
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain 'swedencentral'
        }
    }

    Context 'argument completion' {
        It 'offers regions for -Region' {
            $line = 'Get-RealtimeModel -Region sweden'
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain 'swedencentral'
        }

        It 'matches display names, spaces and all, for -Region' {
            $line = "Get-RealtimeModel -Region 'Central U"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain 'centralus'
            $result.CompletionMatches.CompletionText | Should -Not -Contain 'swedencentral'
        }

        It 'offers model names for -Name' {
            $line = 'Get-RealtimeModel -Name gpt-4o-tr'
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $texts = $result.CompletionMatches.CompletionText
            $texts | Should -Contain 'gpt-4o-transcribe'
            $texts | Should -Contain 'gpt-4o-transcribe-diarize'
            $texts | Should -Not -Contain 'gpt-realtime'
        }

        It 'offers model names for the positional name' {
            $line = 'Get-RealtimeModel whis'
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain 'whisper-1'
        }
    }

    Context 'published retirement dates (offline)' {
        It 'gives the retirement date Microsoft Learn publishes for each listed version' {
            $m = Get-RealtimeModel -Name gpt-realtime
            $m.RetirementDate | Should -Be ([datetime]'2027-02-28')
            $m.Retirements.Version | Should -Be '2025-08-28'
            $m.Retirements[0].Source | Should -Match '^Microsoft Learn, Azure OpenAI model deprecations and retirements.*https://learn\.microsoft\.com/'
        }

        It 'keeps "no earlier than" dates apart from definite ones' {
            $m = Get-RealtimeModel -Name gpt-4o-mini-transcribe
            $m.RetirementDate | Should -BeNullOrEmpty
            @($m.Retirements).Count | Should -Be 2
            @($m.Retirements | Where-Object NoEarlierThan).Count | Should -Be 2
            ($m.Retirements | ForEach-Object ToString) -join '; ' | Should -Be '2025-03-20: retires no earlier than 2026-02-28; 2025-12-15: retires no earlier than 2026-12-15'
            ($m | Format-Table | Out-String -Width 250) | Should -Match '2025-03-20: retires no earlier than 2026-02-28'
        }

        It 'shows no date where no source gives one' {
            (Get-RealtimeModel -Name gpt-realtime-1.5).Retirements | Should -BeNullOrEmpty
        }
    }

    Context 'default view' {
        It 'renders a table with the Name and Kind columns' {
            $text = Get-RealtimeModel -Name gpt-realtime, whisper-1 | Format-Table | Out-String -Width 200
            $lines = $text -split '\r?\n' | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Name\s+Kind\s+Versions\s+Regions\s+Prompt\s+Retirement\s+AsOf'
            $text | Should -Match 'gpt-realtime\s+Realtime\s+2025-08-28'
            $text | Should -Match '2025-08-28: retires 2027-02-28\s+2026-'
            $text | Should -Match 'whisper-1\s+Transcription\s+\(not listed\)\s+yes'
        }

        It 'is the view used when nothing is asked for' {
            $text = Get-RealtimeModel -Name gpt-realtime | Out-String -Width 200
            $text | Should -Match 'Name\s+Kind\s+Versions'
            $text | Should -Match 'eastus2, swedencentral, centralus'
        }
    }
}
