package dev.girard.holiday;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The instant of a new moon, by the algorithm of Jean Meeus (Astronomical Algorithms, 2nd ed., chapter 49),
 * accurate to well under a minute for this era. ICU4J's Chinese calendar finds new moons with a coarser
 * model that places a few conjunctions just before midnight in China on the following day (the lunar new
 * year of 2027 among them: the new moon is at 23:56 in Beijing on 6 February, ICU puts 7 February;
 * unicode-org/icu#4070). This is the check that corrects those days.
 */
final class NewMoon {
    private static final double SYNODIC_MONTH = 29.530588861;
    private static final double JDE_K0 = 2451550.09766;
    private static final double JD_UNIX_EPOCH = 2440587.5;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private NewMoon() {
    }

    /** The date in China (UTC+8) of the new moon nearest to the given date. */
    static LocalDate chinaDateNear(LocalDate date) {
        return LocalDate.ofInstant(nearest(date), CHINA);
    }

    /** The new moon nearest to noon UTC of the given date. */
    static Instant nearest(LocalDate date) {
        double jd = date.toEpochDay() + JD_UNIX_EPOCH + 0.5;
        double k = Math.rint((jd - JDE_K0) / SYNODIC_MONTH);
        double jde = jde(k);
        double seconds = (jde - JD_UNIX_EPOCH) * 86_400.0 - deltaT(date.getYear());
        return Instant.ofEpochSecond(0).plus(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Julian Ephemeris Day of new moon number k (k = 0 near 6 January 2000). */
    static double jde(double k) {
        double t = k / 1236.85;
        double t2 = t * t;
        double t3 = t2 * t;
        double t4 = t3 * t;
        double jde = JDE_K0 + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
        double e = 1 - 0.002516 * t - 0.0000074 * t2;
        double m = rad(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
        double mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4);
        double f = rad(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4);
        double omega = rad(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);
        double c = -0.40720 * Math.sin(mp)
                + 0.17241 * e * Math.sin(m)
                + 0.01608 * Math.sin(2 * mp)
                + 0.01039 * Math.sin(2 * f)
                + 0.00739 * e * Math.sin(mp - m)
                - 0.00514 * e * Math.sin(mp + m)
                + 0.00208 * e * e * Math.sin(2 * m)
                - 0.00111 * Math.sin(mp - 2 * f)
                - 0.00057 * Math.sin(mp + 2 * f)
                + 0.00056 * e * Math.sin(2 * mp + m)
                - 0.00042 * Math.sin(3 * mp)
                + 0.00042 * e * Math.sin(m + 2 * f)
                + 0.00038 * e * Math.sin(m - 2 * f)
                - 0.00024 * e * Math.sin(2 * mp - m)
                - 0.00017 * Math.sin(omega)
                - 0.00007 * Math.sin(mp + 2 * m)
                + 0.00004 * Math.sin(2 * mp - 2 * f)
                + 0.00004 * Math.sin(3 * m)
                + 0.00003 * Math.sin(mp + m - 2 * f)
                + 0.00003 * Math.sin(2 * mp + 2 * f)
                - 0.00003 * Math.sin(mp + m + 2 * f)
                + 0.00003 * Math.sin(mp - m + 2 * f)
                - 0.00002 * Math.sin(mp - m - 2 * f)
                - 0.00002 * Math.sin(3 * mp + m)
                + 0.00002 * Math.sin(4 * mp);
        double[][] planetary = {
                {299.77, 0.107408, 0.000325}, {251.88, 0.016321, 0.000165}, {251.83, 26.651886, 0.000164},
                {349.42, 36.412478, 0.000126}, {84.66, 18.206239, 0.000110}, {141.74, 53.303771, 0.000062},
                {207.14, 2.453732, 0.000060}, {154.84, 7.306860, 0.000056}, {34.52, 27.261239, 0.000047},
                {207.19, 0.121824, 0.000042}, {291.34, 1.844379, 0.000040}, {161.72, 24.198154, 0.000037},
                {239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023}};
        double a = 0;
        for (int i = 0; i < planetary.length; i++) {
            double angle = planetary[i][0] + planetary[i][1] * k - (i == 0 ? 0.009173 * t2 : 0);
            a += planetary[i][2] * Math.sin(rad(angle));
        }
        return jde + c + a;
    }

    /** Terrestrial minus universal time in seconds (Espenak and Meeus's polynomials). */
    static double deltaT(int year) {
        double y = year + 0.5;
        if (y < 2005) {
            double t = y - 2000;
            return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * Math.pow(t, 4)
                    + 0.00002373599 * Math.pow(t, 5);
        }
        if (y < 2050) {
            double t = y - 2000;
            return 62.92 + 0.32217 * t + 0.005589 * t * t;
        }
        double u = (y - 1820) / 100;
        return -20 + 32 * u * u - 0.5628 * (2150 - y);
    }

    private static double rad(double degrees) {
        return Math.toRadians(degrees % 360);
    }
}
