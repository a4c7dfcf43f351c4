/*
 * N-body: the C reference of src/workload/nbody.rs (Benchmarks Game "n-body").
 * Five bodies (the Sun and the four Jovian planets), offset_momentum, then n steps of
 * advance(0.01); returns the total energy. Same algorithm and the same order of
 * floating-point operations as the Rust variant, in plain C99.
 */
#include <math.h>
#include <stdint.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4.0 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define DT 0.01
#define N_BODIES 5

struct body {
    double pos[3];
    double vel[3];
    double mass;
};

/* The definition's literals: positions in AU, velocities in AU per day, masses in solar
 * masses (converted to per-year and to SOLAR_MASS units by init_bodies). */
static const double INITIAL[N_BODIES][7] = {
    {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
     9.54791938424326609e-04},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
     2.85885980666130812e-04},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
     4.36624404335156298e-05},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
     5.15138902046611451e-05},
};

static void init_bodies(struct body *bodies)
{
    int i, k;
    for (i = 0; i < N_BODIES; i++) {
        for (k = 0; k < 3; k++) {
            bodies[i].pos[k] = INITIAL[i][k];
            bodies[i].vel[k] = INITIAL[i][3 + k] * DAYS_PER_YEAR;
        }
        bodies[i].mass = INITIAL[i][6] * SOLAR_MASS;
    }
}

/* Gives the Sun the velocity that cancels the momentum of the planets. */
static void offset_momentum(struct body *bodies)
{
    double p[3] = {0.0, 0.0, 0.0};
    int i, k;
    for (i = 0; i < N_BODIES; i++) {
        for (k = 0; k < 3; k++) {
            p[k] += bodies[i].vel[k] * bodies[i].mass;
        }
    }
    for (k = 0; k < 3; k++) {
        bodies[0].vel[k] = -p[k] / SOLAR_MASS;
    }
}

/* One time step: velocities from every pair's attraction, then positions. */
static void advance(struct body *bodies, double dt)
{
    int i, j;
    for (i = 0; i < N_BODIES; i++) {
        struct body *bi = &bodies[i];
        for (j = i + 1; j < N_BODIES; j++) {
            struct body *bj = &bodies[j];
            double dx = bi->pos[0] - bj->pos[0];
            double dy = bi->pos[1] - bj->pos[1];
            double dz = bi->pos[2] - bj->pos[2];
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            double mj = bj->mass * mag;
            double mi;
            bi->vel[0] -= dx * mj;
            bi->vel[1] -= dy * mj;
            bi->vel[2] -= dz * mj;
            mi = bi->mass * mag;
            bj->vel[0] += dx * mi;
            bj->vel[1] += dy * mi;
            bj->vel[2] += dz * mi;
        }
    }
    for (i = 0; i < N_BODIES; i++) {
        bodies[i].pos[0] += dt * bodies[i].vel[0];
        bodies[i].pos[1] += dt * bodies[i].vel[1];
        bodies[i].pos[2] += dt * bodies[i].vel[2];
    }
}

/* Kinetic energy minus the potential energy of every pair. */
static double energy(const struct body *bodies)
{
    double e = 0.0;
    int i, j;
    for (i = 0; i < N_BODIES; i++) {
        const struct body *bi = &bodies[i];
        double vx = bi->vel[0], vy = bi->vel[1], vz = bi->vel[2];
        e += 0.5 * bi->mass * (vx * vx + vy * vy + vz * vz);
        for (j = i + 1; j < N_BODIES; j++) {
            const struct body *bj = &bodies[j];
            double dx = bi->pos[0] - bj->pos[0];
            double dy = bi->pos[1] - bj->pos[1];
            double dz = bi->pos[2] - bj->pos[2];
            e -= bi->mass * bj->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

/* The energy of the system after offset_momentum and n steps of advance(0.01). */
double pyrust_nbody(uint64_t n)
{
    struct body bodies[N_BODIES];
    uint64_t step;
    init_bodies(bodies);
    offset_momentum(bodies);
    for (step = 0; step < n; step++) {
        advance(bodies, DT);
    }
    return energy(bodies);
}
