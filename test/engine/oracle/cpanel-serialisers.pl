#!/usr/bin/perl
# The test oracle: the very serialisers cPanel renders WHM API 1 answers with (Debian's libjson-xs-perl,
# libyaml-syck-perl, libxml-simple-perl), with cPanel's options. Reads a JSON array of answers on stdin and prints a
# JSON array with, for each answer, its json, jsonpretty, yaml and xml renderings, each base64-encoded bytes.
# Strings become byte strings holding UTF-8, as cPanel keeps them; numbers stay numbers ("1" stays a string).
use strict;
use warnings;
use B ();
use JSON::XS ();
use MIME::Base64 ();
use XML::Simple ();
use YAML::Syck ();

# Cpanel/YAML.pm loads YAML::Syck and changes nothing that affects Dump: these are the defaults it runs with.
die "YAML::Syck $YAML::Syck::VERSION is not 1.34\n" unless $YAML::Syck::VERSION eq '1.34';
die "YAML::Syck::SortKeys is off\n" unless $YAML::Syck::SortKeys;

sub is_string {
    my $flags = B::svref_2object( \$_[0] )->FLAGS;
    return ( $flags & B::SVp_POK ) && !( $flags & ( B::SVp_IOK | B::SVp_NOK ) );
}

sub as_bytes {
    my ($value) = @_;
    if ( ref $value eq 'HASH' ) {
        my %out;
        for my $key ( keys %$value ) {
            my $k = $key;
            utf8::encode($k);
            $out{$k} = as_bytes( $value->{$key} );
        }
        return \%out;
    }
    return [ map { as_bytes($_) } @$value ] if ref $value eq 'ARRAY';
    return $value if !defined $value || !is_string($value);
    my $copy = $value;
    utf8::encode($copy);
    return $copy;
}

local $/;
my $answers = JSON::XS->new->utf8->decode( scalar <STDIN> );
my @out;
for my $answer (@$answers) {
    my $data = as_bytes($answer);
    my $xml  = do {
        local $SIG{__WARN__} = sub { };    # XML::Simple carps at undef values; the output is what matters
        XML::Simple::XMLout( $data, RootName => 'result', NoAttr => 1, KeyAttr => [] );
    };
    push @out, [
        map { MIME::Base64::encode_base64( $_, '' ) }
          JSON::XS->new->canonical->encode($data),
        JSON::XS->new->canonical->pretty->encode($data),
        YAML::Syck::Dump($data),
        $xml,
    ];
}
print JSON::XS->new->encode( \@out );
